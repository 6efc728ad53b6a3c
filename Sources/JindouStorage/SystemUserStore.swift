import JindouCore

/// The persisted list of system uids (without the built-in `____system`).
package protocol SystemUserStore: Sendable {
    /// Every stored system uid, sorted.
    func systemUIDs() async throws(StorageError) -> [String]

    /// Adds uids (idempotent), writing `audit` in the same transaction.
    func addSystemUIDs(_ uids: [String], audit: AuditEntry?) async throws(StorageError)

    /// Removes every uid in one transaction, or none: if any uid is not in the list, nothing
    /// changes (no audit entry either) and the missing uids are returned.
    func removeSystemUIDs(_ uids: [String], audit: AuditEntry?) async throws(StorageError) -> SystemUIDRemoval
}

extension SystemUserStore {
    package func addSystemUIDs(_ uids: [String]) async throws(StorageError) {
        try await addSystemUIDs(uids, audit: nil)
    }

    package func removeSystemUIDs(_ uids: [String]) async throws(StorageError) -> SystemUIDRemoval {
        try await removeSystemUIDs(uids, audit: nil)
    }
}

/// What ``SystemUserStore/removeSystemUIDs(_:)`` did.
package enum SystemUIDRemoval: Sendable, Hashable {
    /// Every uid was removed.
    case removed
    /// These uids are not system users; nothing was removed.
    case notSystemUsers([String])
}
