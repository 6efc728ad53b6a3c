import JindouCore

/// Channels: their flags and their subscriber, allow and deny lists.
package protocol ChannelStore: Sendable {
    /// Every channel that has flags or list members, for the in-memory registry at startup.
    func loadChannels() async throws(StorageError) -> [ChannelState]

    /// Creates the channel if needed and sets its flags. Every change below writes `audit` (when
    /// given) in its own transaction.
    func saveChannelInfo(_ info: ChannelInfo, for channel: ChannelKey, audit: AuditEntry?) async throws(StorageError)

    /// Adds uids to one list (idempotent), creating the channel if needed.
    func addMembers(
        _ uids: [String], to list: MemberList, of channel: ChannelKey, audit: AuditEntry?)
        async throws(StorageError)

    /// Removes uids from one list; absent uids are ignored.
    func removeMembers(
        _ uids: [String], from list: MemberList, of channel: ChannelKey, audit: AuditEntry?)
        async throws(StorageError)

    /// Replaces a whole list (an empty array clears it), in one transaction.
    func replaceMembers(
        _ uids: [String], in list: MemberList, of channel: ChannelKey, audit: AuditEntry?)
        async throws(StorageError)

    /// Deletes a channel with its lists, messages and conversations, in one transaction.
    /// Returns false if the channel had no row.
    func deleteChannel(_ channel: ChannelKey) async throws(StorageError) -> Bool
}

extension ChannelStore {
    package func saveChannelInfo(_ info: ChannelInfo, for channel: ChannelKey) async throws(StorageError) {
        try await saveChannelInfo(info, for: channel, audit: nil)
    }

    package func addMembers(_ uids: [String], to list: MemberList, of channel: ChannelKey) async throws(StorageError) {
        try await addMembers(uids, to: list, of: channel, audit: nil)
    }

    package func removeMembers(
        _ uids: [String], from list: MemberList, of channel: ChannelKey
    ) async throws(StorageError) {
        try await removeMembers(uids, from: list, of: channel, audit: nil)
    }

    package func replaceMembers(
        _ uids: [String], in list: MemberList, of channel: ChannelKey
    ) async throws(StorageError) {
        try await replaceMembers(uids, in: list, of: channel, audit: nil)
    }
}
