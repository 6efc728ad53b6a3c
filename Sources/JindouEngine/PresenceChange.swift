import JindouCore

/// A connection that authenticated (`online`) or closed, with its user's connection counts after
/// the change.
package struct PresenceChange: Sendable, Hashable {
    package var uid: String
    package var deviceFlag: DeviceFlag
    package var online: Bool
    package var connectionID: Int64
    /// The user's connections with this device flag, after the change.
    package var deviceOnlineCount: Int
    /// All of the user's connections, after the change.
    package var totalOnlineCount: Int

    package init(
        uid: String, deviceFlag: DeviceFlag, online: Bool, connectionID: Int64, deviceOnlineCount: Int,
        totalOnlineCount: Int
    ) {
        self.uid = uid
        self.deviceFlag = deviceFlag
        self.online = online
        self.connectionID = connectionID
        self.deviceOnlineCount = deviceOnlineCount
        self.totalOnlineCount = totalOnlineCount
    }
}
