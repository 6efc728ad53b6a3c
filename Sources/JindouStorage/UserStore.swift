import JindouCore

/// Users and their device tokens.
package protocol UserStore: Sendable {
    /// Creates the user if needed and sets the token of one of its devices.
    func saveDeviceToken(_ device: DeviceToken) async throws(StorageError)

    /// The token registered for a uid's device flag, nil if none.
    func deviceToken(uid: String, deviceFlag: DeviceFlag) async throws(StorageError) -> DeviceToken?

    /// Creates a user; false (and nothing changes) if the uid exists.
    func registerUser(uid: String, nickname: String) async throws(StorageError) -> Bool

    /// One user, nil if it does not exist.
    func user(_ uid: String) async throws(StorageError) -> UserRecord?

    /// Users in creation order, after `cursor` (the last user of the previous page).
    func users(limit: Int, after cursor: UserRecord?) async throws(StorageError) -> [UserRecord]

    /// Marks the user modified now (a ban or an unban).
    func touchUser(_ uid: String) async throws(StorageError)

    /// Deletes a user and everything that belongs to it, in one transaction: devices, system
    /// uid, memberships of every list, its conversations and the peers' conversations with it,
    /// its person channels and their messages, the channels it owns with their messages and
    /// conversations, and (with `purgeMessages`) its messages in the channels it belonged to.
    /// `audit` makes the entry (with the counts) written in the same transaction. Nil if the
    /// user does not exist.
    func deleteUser(
        _ uid: String, purgeMessages: Bool, audit: @Sendable (UserDeletion) -> AuditEntry?
    )
        async throws(StorageError) -> UserDeletion?

    /// What ``deleteUser(_:purgeMessages:audit:)`` would remove now, with the same counts per
    /// kind, without changing anything (the cascade runs in a transaction that is rolled back).
    /// Nil if the user does not exist.
    func previewUserDeletion(_ uid: String, purgeMessages: Bool) async throws(StorageError) -> UserDeletion?

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
    package func clearDeviceTokens(uid: String, flags: [DeviceFlag]?) async throws(StorageError) {
        try await clearDeviceTokens(uid: uid, flags: flags, audit: nil)
    }
}
