import JindouCore

/// What the webhooks keep durable: how far each stream has delivered the message log, and the
/// dead letters.
///
/// The message log itself is the `msg.notify` outbox: message ids grow in commit order, so a
/// stream reads the messages committed after its watermark and records a new watermark once they
/// are delivered. The send path writes nothing extra.
package protocol WebhookStore: Sendable {
    /// Messages committed after the message id `after`, in commit order (ascending id), at most
    /// `limit`. A message committed later always has a larger id than every message returned.
    func messagesCommitted(after messageID: Int64, limit: Int) async throws(StorageError) -> [StoredMessage]

    /// The largest stored message id, 0 if none.
    func lastMessageID() async throws(StorageError) -> Int64

    /// The number of stored messages with an id above `messageID`.
    func messageCount(after messageID: Int64) async throws(StorageError) -> Int

    /// The persisted watermark of a stream, nil if it never recorded one.
    func webhookWatermark(stream: String) async throws(StorageError) -> Int64?

    /// Records a stream's watermark (never moves it backwards).
    func setWebhookWatermark(stream: String, messageID: Int64) async throws(StorageError)

    /// Stores dead letters, all in one write.
    func addDeadLetters(_ letters: [DeadLetter]) async throws(StorageError)

    /// Dead letters with ids above `after`, oldest first, at most `limit`; of one event if given.
    func deadLetters(event: String?, after id: Int64, limit: Int) async throws(StorageError) -> [DeadLetter]

    /// Removes a dead letter (after a successful replay); no-op if it is gone.
    func removeDeadLetter(id: Int64) async throws(StorageError)

    /// The number of dead letters per event.
    func deadLetterCounts() async throws(StorageError) -> [String: Int]
}
