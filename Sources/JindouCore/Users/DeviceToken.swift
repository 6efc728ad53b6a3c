/// The token registered for one device of a user with `POST /user/token`.
public struct DeviceToken: Sendable, Hashable {
    public var uid: String
    public var deviceFlag: DeviceFlag
    public var token: String
    public var level: DeviceLevel

    public init(uid: String, deviceFlag: DeviceFlag, token: String, level: DeviceLevel) {
        self.uid = uid
        self.deviceFlag = deviceFlag
        self.token = token
        self.level = level
    }
}
