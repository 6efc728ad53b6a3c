import JindouCore

/// Users' read and delete cursors per channel (see ``ConversationRecord``).
///
/// Person conversations are also created by the message store, for both users, when a person
/// channel gets its first message.
package protocol ConversationStore: Sendable {
    /// A user's conversations, most recently updated first, at most `limit`.
    func conversations(of uid: String, limit: Int) async throws(StorageError) -> [ConversationRecord]

    /// One conversation, nil if the user has none for the channel.
    func conversation(of uid: String, in channel: ChannelKey) async throws(StorageError) -> ConversationRecord?

    /// Creates the conversations that do not exist yet with their read cursor at the channel's
    /// last seq (existing ones are unchanged).
    func createConversations(for uids: [String], in channel: ChannelKey) async throws(StorageError)

    /// Moves a read cursor forward to `seq` (never backwards), creating the conversation if needed.
    func markRead(uid: String, in channel: ChannelKey, upTo seq: UInt64) async throws(StorageError)

    /// Hides a conversation until a message newer than the channel's current last seq arrives,
    /// and marks it read. Returns false if the user had no such conversation.
    func hideConversation(uid: String, in channel: ChannelKey) async throws(StorageError) -> Bool

    /// Deletes the conversations of these uids in a channel.
    func deleteConversations(for uids: [String], in channel: ChannelKey) async throws(StorageError)
}
