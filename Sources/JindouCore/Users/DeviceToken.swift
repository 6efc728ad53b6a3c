/// The token registered for one device of a user with `POST /user/token`.
package struct DeviceToken: Sendable, Hashable {
    package var uid: String
    package var deviceFlag: DeviceFlag
    package var token: String
    package var level: DeviceLevel

    package init(uid: String, deviceFlag: DeviceFlag, token: String, level: DeviceLevel) {
        self.uid = uid
        self.deviceFlag = deviceFlag
        self.token = token
        self.level = level
    }
}
