import JindouCore
import JindouStorage

/// Changes channels: persists each change, then updates the ``ChannelRegistry`` the send path reads.
///
/// Changes are applied one at a time, so the registry always matches the database. In a cluster,
/// each change returns once every live node applied it too (or the cluster's bound passed); the
/// other nodes' changes are reloaded in the same turn order.
package final class ChannelService: Sendable {
    package let registry: ChannelRegistry
    private let storage: any ChannelStore & UserStore
    private let queue = SerialTaskQueue()
    /// In a cluster: tells the other nodes of each change before it returns.
    private let cluster: ClusterRelay?

    package init(registry: ChannelRegistry, storage: any ChannelStore & UserStore, cluster: ClusterRelay? = nil) {
        self.registry = registry
        self.storage = storage
        self.cluster = cluster
    }

    /// Loads every channel from storage into the registry.
    package func loadAll() async throws(StorageError) {
        registry.load(try await storage.loadChannels())
    }

    /// Replaces one channel's state with what `load` reads (another node changed it), in turn
    /// with this node's own changes so that neither overwrites the other.
    package func reload(
        _ key: ChannelKey, from load: @escaping @Sendable () async throws -> ChannelState?
    )
        async throws
    {
        try await queue.run { [registry] in
            registry.replace(key, with: try await load())
        }
    }

    /// Reloads every channel, in turn with this node's own changes.
    package func reloadAll() async throws {
        try await queue.run { [storage, registry] in
            registry.load(try await storage.loadChannels())
        }
    }

    /// Creates the channel if needed and sets its flags. A change of `ban`, `disband` or
    /// `send_ban` made by `actor` is audited in the same transaction.
    package func saveInfo(_ info: ChannelInfo, for key: ChannelKey, actor: AuditActor? = nil) async throws {
        try await queue.run { [storage, registry] in
            let old = registry.state(of: key)?.info ?? ChannelInfo()
            var audit: AuditEntry?
            if let actor, old.ban != info.ban || old.disband != info.disband || old.sendBan != info.sendBan {
                audit = actor.entry(
                    .channelFlags, channel: key, before: Self.flagsState(old), after: Self.flagsState(info))
            }
            try await storage.saveChannelInfo(info, for: key, audit: audit)
            registry.update(key) { $0.info = info }
        }
        await cluster?.propagate(.channel(key))
    }

    /// Adds uids to a list, creating the channel if needed.
    package func addMembers(
        _ uids: [String], to list: MemberList, of key: ChannelKey, actor: AuditActor? = nil
    ) async throws {
        try await queue.run { [storage, registry] in
            let before = registry.state(of: key)?[list] ?? []
            let audit = actor.map {
                Self.listEntry($0, list, "add", key, uids: uids, before: before, after: before.union(uids))
            }
            try await storage.addMembers(uids, to: list, of: key, audit: audit)
            registry.update(key) { $0[list].formUnion(uids) }
        }
        await cluster?.propagate(.channel(key))
    }

    /// Removes uids from a list.
    package func removeMembers(
        _ uids: [String], from list: MemberList, of key: ChannelKey, actor: AuditActor? = nil
    )
        async throws
    {
        try await queue.run { [storage, registry] in
            let before = registry.state(of: key)?[list] ?? []
            let audit = actor.map {
                Self.listEntry($0, list, "remove", key, uids: uids, before: before, after: before.subtracting(uids))
            }
            try await storage.removeMembers(uids, from: list, of: key, audit: audit)
            registry.update(key) { $0[list].subtract(uids) }
        }
        await cluster?.propagate(.channel(key))
    }

    /// Replaces a whole list; `operation` names the change in the audit trail (`set`, `remove_all`).
    package func replaceMembers(
        _ uids: [String], in list: MemberList, of key: ChannelKey, actor: AuditActor? = nil, operation: String = "set"
    ) async throws {
        try await queue.run { [storage, registry] in
            let before = registry.state(of: key)?[list] ?? []
            let after = Set(uids)
            let audit = actor.map {
                Self.listEntry(
                    $0, list, operation, key, uids: Array(before.union(after)).sorted(), before: before, after: after)
            }
            try await storage.replaceMembers(uids, in: list, of: key, audit: audit)
            registry.update(key) { $0[list] = after }
        }
        await cluster?.propagate(.channel(key))
    }

    /// Deletes a user's data (see ``UserStore/deleteUser(_:purgeMessages:audit:)``) and then
    /// the same things from the registry: its memberships, its owned channels and its person
    /// channel. Serialized with every other channel change.
    package func deleteUser(_ uid: String, purgeMessages: Bool, actor: AuditActor?) async throws -> UserDeletion? {
        let deletion = try await queue.run { [storage, registry] () -> UserDeletion? in
            let deletion = try await storage.deleteUser(uid, purgeMessages: purgeMessages) { deletion in
                var removed: [String: AuditState.Value] = deletion.counts.mapValues { AuditState.Value.number($0) }
                removed["owned_channel_ids"] = .uids(deletion.ownedChannels.map { $0.id })
                return actor?.entry(
                    .userDelete, uids: [uid], before: AuditState.encode(removed),
                    after: AuditState.encode(["exists": .flag(false)]))
            }
            guard let deletion else { return nil }
            for (key, lists) in deletion.memberships {
                registry.update(key) { state in
                    for list in lists { state[list].remove(uid) }
                }
            }
            for key in deletion.ownedChannels {
                _ = registry.remove(key)
            }
            _ = registry.remove(ChannelKey(id: uid, type: .person))
            return deletion
        }
        if deletion != nil { await cluster?.propagate(.everything) }
        return deletion
    }

    /// What ``deleteUser(_:purgeMessages:actor:)`` would remove now (nothing changes);
    /// serialized with every other channel change, so no change lands in the middle of it.
    package func previewUserDeletion(_ uid: String, purgeMessages: Bool) async throws -> UserDeletion? {
        try await queue.run { [storage] in
            try await storage.previewUserDeletion(uid, purgeMessages: purgeMessages)
        }
    }

    /// Sets or clears the ban of a user's own person channel (login and sends refused with 19),
    /// keeping its other flags, audited as a user ban or unban.
    package func setUserBan(_ uid: String, banned: Bool, actor: AuditActor?) async throws {
        let key = ChannelKey(id: uid, type: .person)
        try await queue.run { [storage, registry] in
            var info = registry.state(of: key)?.info ?? ChannelInfo()
            let before = info.ban
            info.ban = banned
            let audit = actor?.entry(
                banned ? .userBan : .userUnban, uids: [uid], channel: key,
                before: AuditState.encode(["banned": .flag(before)]),
                after: AuditState.encode(["banned": .flag(banned)]))
            try await storage.saveChannelInfo(info, for: key, audit: audit)
            registry.update(key) { $0.info = info }
        }
        await cluster?.propagate(.channel(key))
    }

    private static func flagsState(_ info: ChannelInfo) -> String {
        AuditState.encode(["ban": .flag(info.ban), "disband": .flag(info.disband), "send_ban": .flag(info.sendBan)])
    }

    /// An audit entry for a list change: the targeted uids, and which of them were on the list
    /// before and after (the whole list for `set` and `remove_all`).
    private static func listEntry(
        _ actor: AuditActor, _ list: MemberList, _ operation: String, _ key: ChannelKey, uids: [String],
        before: Set<String>, after: Set<String>
    ) -> AuditEntry {
        let targets = Set(uids)
        return actor.entry(
            .list(list, operation), uids: uids, channel: key,
            before: AuditState.encode(["members": .uids(Array(before.intersection(targets)))]),
            after: AuditState.encode(["members": .uids(Array(after.intersection(targets)))]))
    }

    /// Deletes a channel with its lists, messages and conversations. Returns false if it did not exist.
    package func delete(_ key: ChannelKey) async throws -> Bool {
        let deleted = try await queue.run { [storage, registry] in
            let existed = try await storage.deleteChannel(key)
            let known = registry.remove(key)
            return existed || known
        }
        await cluster?.propagate(.channel(key))
        return deleted
    }
}
