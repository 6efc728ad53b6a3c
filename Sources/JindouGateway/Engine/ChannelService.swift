import JindouCore
import JindouStorage

/// Changes channels: persists each change, then updates the ``ChannelRegistry`` the send path reads.
///
/// Changes are applied one at a time, so the registry always matches the database.
public final class ChannelService: Sendable {
    public let registry: ChannelRegistry
    private let storage: any ChannelStore
    private let queue = OperationQueue()

    public init(registry: ChannelRegistry, storage: any ChannelStore) {
        self.registry = registry
        self.storage = storage
    }

    /// Loads every channel from storage into the registry.
    public func loadAll() async throws(StorageError) {
        registry.load(try await storage.loadChannels())
    }

    /// Creates the channel if needed and sets its flags.
    public func saveInfo(_ info: ChannelInfo, for key: ChannelKey) async throws {
        try await queue.run { [storage, registry] in
            try await storage.saveChannelInfo(info, for: key)
            registry.update(key) { $0.info = info }
        }
    }

    /// Adds uids to a list, creating the channel if needed.
    public func addMembers(_ uids: [String], to list: MemberList, of key: ChannelKey) async throws {
        try await queue.run { [storage, registry] in
            try await storage.addMembers(uids, to: list, of: key)
            registry.update(key) { $0[list].formUnion(uids) }
        }
    }

    /// Removes uids from a list.
    public func removeMembers(_ uids: [String], from list: MemberList, of key: ChannelKey) async throws {
        try await queue.run { [storage, registry] in
            try await storage.removeMembers(uids, from: list, of: key)
            registry.update(key) { $0[list].subtract(uids) }
        }
    }

    /// Replaces a whole list.
    public func replaceMembers(_ uids: [String], in list: MemberList, of key: ChannelKey) async throws {
        try await queue.run { [storage, registry] in
            try await storage.replaceMembers(uids, in: list, of: key)
            registry.update(key) { $0[list] = Set(uids) }
        }
    }

    /// Deletes a channel with its lists, messages and conversations. Returns false if it did not exist.
    public func delete(_ key: ChannelKey) async throws -> Bool {
        try await queue.run { [storage, registry] in
            let existed = try await storage.deleteChannel(key)
            let known = registry.remove(key)
            return existed || known
        }
    }
}
