import JindouEngine

/// A `user.onlinestatus` entry: `"uid-deviceFlag-online-connID-deviceOnlineCount-totalOnlineCount"`,
/// with `online` 1 or 0.
enum OnlineStatusLine {
    static func line(_ change: PresenceChange) -> String {
        "\(change.uid)-\(change.deviceFlag.rawValue)-\(change.online ? 1 : 0)-\(change.connectionID)-"
            + "\(change.deviceOnlineCount)-\(change.totalOnlineCount)"
    }
}
