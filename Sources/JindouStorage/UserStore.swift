import JindouCore

/// Users and their device tokens.
public protocol UserStore: Sendable {
    /// Creates the user if needed and sets the token of one of its devices.
    func saveDeviceToken(_ device: DeviceToken) async throws(StorageError)

    /// The token registered for a uid's device flag, nil if none.
    func deviceToken(uid: String, deviceFlag: DeviceFlag) async throws(StorageError) -> DeviceToken?

    /// How many devices of the user hold a token (can connect).
    func deviceCount(of uid: String) async throws(StorageError) -> Int

    /// Whether the user exists (it got a device token at least once).
    func userExists(_ uid: String) async throws(StorageError) -> Bool

    /// Sets the token of the given device flags (all of them when `flags` is nil) to "", so that no
    /// CONNECT of those devices succeeds until a new token is registered.
    /// Writes `audit` (when given) in the same transaction.
    func clearDeviceTokens(uid: String, flags: [DeviceFlag]?, audit: AuditEntry?) async throws(StorageError)
}

extension UserStore {
    public func clearDeviceTokens(uid: String, flags: [DeviceFlag]?) async throws(StorageError) {
        try await clearDeviceTokens(uid: uid, flags: flags, audit: nil)
    }
}
