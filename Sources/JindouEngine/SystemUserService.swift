import JindouCore
import JindouStorage
import Synchronization

/// Changes the system uid list: persists each change (with its audit entry, in one transaction),
/// then updates the ``SystemUsers`` set that every send reads, so a change is in force for every
/// connection before the call returns (in a cluster: on every live node, within its bound). The
/// `_to_cache` changes stay on this node, as documented.
package final class SystemUserService: Sendable {
    /// What a removal did.
    package enum Removal: Sendable, Hashable {
        case removed
        /// These uids are not system users; nothing was removed.
        case notSystemUsers([String])
        /// These uids are protected and cannot be removed; nothing was removed.
        case protected([String])
    }

    /// The live set the send path consults.
    package let members: SystemUsers
    /// System uids that cannot be removed (configured).
    package let protectedUIDs: Set<String>
    private let storage: any SystemUserStore & AuditStore
    private let queue = SerialTaskQueue()
    /// In a cluster: tells the other nodes of each durable change before it returns.
    private let cluster: ClusterRelay?
    /// This node's `_to_cache` grants and revocations, kept over reloads of the stored list.
    private let cacheOverlay = Mutex<(added: Set<String>, removed: Set<String>)>(([], []))

    package init(
        members: SystemUsers, storage: any SystemUserStore & AuditStore, protectedUIDs: Set<String> = [],
        cluster: ClusterRelay? = nil
    ) {
        self.members = members
        self.storage = storage
        self.protectedUIDs = protectedUIDs
        self.cluster = cluster
    }

    /// Loads the stored list into the live set. Protected uids are system users from the start.
    package func loadAll() async throws(StorageError) {
        let stored = try await storage.systemUIDs()
        let missingProtected = protectedUIDs.subtracting(stored).sorted()
        if !missingProtected.isEmpty {
            try await storage.addSystemUIDs(missingProtected)
        }
        members.replaceAll(stored + missingProtected)
    }

    /// The stored system uids, sorted.
    package func stored() async throws(StorageError) -> [String] {
        try await storage.systemUIDs()
    }

    /// Grants system privileges, durably.
    package func add(_ uids: [String], actor: AuditActor? = nil) async throws {
        try await queue.run { [storage, members] in
            let audit = actor?.entry(
                .systemUIDsAdd, uids: uids, before: Self.state(uids.filter(members.contains)), after: Self.state(uids))
            try await storage.addSystemUIDs(uids, audit: audit)
            members.add(uids)
            self.cacheOverlay.withLock { $0.removed.subtract(uids) }
        }
        await cluster?.propagate(.systemUIDs)
    }

    /// Revokes system privileges of every uid, or of none if any is protected or not a system user.
    package func remove(_ uids: [String], actor: AuditActor? = nil) async throws -> Removal {
        let removal = try await queue.run { [storage, members, protectedUIDs] in
            let protected = uids.filter(protectedUIDs.contains)
            guard protected.isEmpty else { return Removal.protected(protected) }
            let audit = actor?.entry(.systemUIDsRemove, uids: uids, before: Self.state(uids), after: Self.state([]))
            switch try await storage.removeSystemUIDs(uids, audit: audit) {
            case .removed:
                members.remove(uids)
                self.cacheOverlay.withLock { $0.added.subtract(uids) }
                return .removed
            case .notSystemUsers(let missing):
                return .notSystemUsers(missing)
            }
        }
        if removal == .removed { await cluster?.propagate(.systemUIDs) }
        return removal
    }

    /// Grants system privileges on this node only, until the next restart.
    package func addToCache(_ uids: [String], actor: AuditActor? = nil) async throws {
        try await queue.run { [storage, members] in
            if let actor {
                try await storage.appendAudit(
                    actor.entry(
                        .systemUIDsAddToCache, uids: uids, before: Self.state(uids.filter(members.contains)),
                        after: Self.state(uids)))
            }
            members.add(uids)
        }
        cacheOverlay.withLock {
            $0.added.formUnion(uids)
            $0.removed.subtract(uids)
        }
    }

    /// Revokes system privileges on this node only (until the next restart), for every uid or none.
    package func removeFromCache(_ uids: [String], actor: AuditActor? = nil) async throws -> Removal {
        try await queue.run { [storage, members, protectedUIDs] in
            let protected = uids.filter(protectedUIDs.contains)
            guard protected.isEmpty else { return .protected(protected) }
            let current = members.all
            let missing = uids.filter { !current.contains($0) }
            guard missing.isEmpty else { return .notSystemUsers(missing) }
            if let actor {
                try await storage.appendAudit(
                    actor.entry(.systemUIDsRemoveFromCache, uids: uids, before: Self.state(uids), after: Self.state([]))
                )
            }
            members.remove(uids)
            self.cacheOverlay.withLock {
                $0.removed.formUnion(uids)
                $0.added.subtract(uids)
            }
            return .removed
        }
    }

    /// Replaces the live set with the stored list as `load` reads it (another node changed it),
    /// keeping this node's `_to_cache` changes, in turn with this node's own changes.
    package func reload(from load: @escaping @Sendable () async throws -> [String]) async throws {
        try await queue.run { [members] in
            let stored = Set(try await load())
            let overlay = self.cacheOverlay.withLock { $0 }
            members.replaceAll(stored.union(overlay.added).subtracting(overlay.removed))
        }
    }

    private static func state(_ uids: [String]) -> String {
        AuditState.encode(["system_uids": .uids(uids)])
    }
}
