import JindouCore
import JindouStorage

/// The msg.notify outbox of another node, as a ``WebhookStore``: the messages that node committed
/// and its watermark, so a node can send what a lost node had not. Dead letters are the cluster's,
/// shared with every other stream.
struct PostgresLostNodeOutbox: WebhookStore {
    let storage: PostgresStorage
    /// The node whose messages these are.
    let node: Int

    func messagesCommitted(after messageID: Int64, limit: Int) async throws(StorageError) -> [StoredMessage] {
        try await storage.outboxMessages(ofNode: node, after: messageID, limit: limit)
    }

    func lastMessageID() async throws(StorageError) -> Int64 {
        try await storage.lastMessageID(ofNode: node)
    }

    func messageCount(after messageID: Int64) async throws(StorageError) -> Int {
        try await storage.messageCount(ofNode: node, after: messageID)
    }

    func webhookWatermark(stream: String) async throws(StorageError) -> Int64? {
        try await storage.webhookWatermark(stream: stream, ofNode: node)
    }

    func setWebhookWatermark(stream: String, messageID: Int64) async throws(StorageError) {
        try await storage.setWebhookWatermark(stream: stream, ofNode: node, messageID: messageID)
    }

    func addDeadLetters(_ letters: [DeadLetter]) async throws(StorageError) {
        try await storage.addDeadLetters(letters)
    }

    func deadLetters(event: String?, after id: Int64, limit: Int) async throws(StorageError) -> [DeadLetter] {
        try await storage.deadLetters(event: event, after: id, limit: limit)
    }

    func removeDeadLetter(id: Int64) async throws(StorageError) {
        try await storage.removeDeadLetter(id: id)
    }

    func deadLetterCounts() async throws(StorageError) -> [String: Int] {
        try await storage.deadLetterCounts()
    }
}
