/// The release this build belongs to.
package enum JindouVersion {
    package static let current = "0.1.0"
    /// The WuKongIM protocol line this server is compatible with.
    package static let compatibility = "WuKongIM v2 (WKProto versions 1-6)"
}
