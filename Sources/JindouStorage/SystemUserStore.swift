/// The persisted list of system uids (without the built-in `____system`).
public protocol SystemUserStore: Sendable {
    /// Every stored system uid, sorted.
    func systemUIDs() async throws(StorageError) -> [String]

    /// Adds uids (idempotent).
    func addSystemUIDs(_ uids: [String]) async throws(StorageError)

    /// Removes every uid in one transaction, or none: if any uid is not in the list, nothing
    /// changes and the missing uids are returned.
    func removeSystemUIDs(_ uids: [String]) async throws(StorageError) -> SystemUIDRemoval
}

/// What ``SystemUserStore/removeSystemUIDs(_:)`` did.
public enum SystemUIDRemoval: Sendable, Hashable {
    /// Every uid was removed.
    case removed
    /// These uids are not system users; nothing was removed.
    case notSystemUsers([String])
}
