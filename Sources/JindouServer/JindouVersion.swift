/// The release this build belongs to.
public enum JindouVersion {
    public static let current = "0.1.0"
    /// The WuKongIM protocol line this server is compatible with.
    public static let compatibility = "WuKongIM v2 (WKProto versions 1-6)"
}
