import JindouCore
import JindouStorage

/// Changes the system uid list: persists each change, then updates the ``SystemUsers`` set that
/// every send reads, so a change is in force for every connection before the call returns.
public final class SystemUserService: Sendable {
    /// The live set the send path consults.
    public let members: SystemUsers
    private let storage: any SystemUserStore
    private let queue = OperationQueue()

    public init(members: SystemUsers, storage: any SystemUserStore) {
        self.members = members
        self.storage = storage
    }

    /// Loads the stored list into the live set.
    public func loadAll() async throws(StorageError) {
        members.replaceAll(try await storage.systemUIDs())
    }

    /// The stored system uids, sorted.
    public func stored() async throws(StorageError) -> [String] {
        try await storage.systemUIDs()
    }

    /// Grants system privileges, durably.
    public func add(_ uids: [String]) async throws {
        try await queue.run { [storage, members] in
            try await storage.addSystemUIDs(uids)
            members.add(uids)
        }
    }

    /// Revokes system privileges of every uid, or of none if any is not a system user.
    public func remove(_ uids: [String]) async throws -> SystemUIDRemoval {
        try await queue.run { [storage, members] in
            let outcome = try await storage.removeSystemUIDs(uids)
            if outcome == .removed { members.remove(uids) }
            return outcome
        }
    }

    /// Grants system privileges on this node only, until the next restart.
    public func addToCache(_ uids: [String]) async throws {
        try await queue.run { [members] in members.add(uids) }
    }

    /// Revokes system privileges on this node only (until the next restart), for every uid or none.
    public func removeFromCache(_ uids: [String]) async throws -> SystemUIDRemoval {
        try await queue.run { [members] in
            let missing = uids.filter { !members.all.contains($0) }
            guard missing.isEmpty else { return .notSystemUsers(missing) }
            members.remove(uids)
            return .removed
        }
    }
}
