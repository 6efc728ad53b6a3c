import JindouCore

/// Users and their device tokens.
public protocol UserStore: Sendable {
    /// Creates the user if needed and sets the token of one of its devices.
    func saveDeviceToken(_ device: DeviceToken) async throws(StorageError)

    /// The token registered for a uid's device flag, nil if none.
    func deviceToken(uid: String, deviceFlag: DeviceFlag) async throws(StorageError) -> DeviceToken?
}
