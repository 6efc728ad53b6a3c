import JindouCore

/// The durable, per-channel message logs.
package protocol MessageStore: Sendable {
    /// Appends a message, assigning its message id and the next seq of its channel.
    ///
    /// Implementations group-commit: concurrent appends share one transaction and one sync.
    /// `completion` runs once the outcome is durable (or failed), on a thread of the store's
    /// choosing; it must not block. Appends to one channel complete in seq order.
    func append(_ request: AppendRequest, completion: @escaping @Sendable (Result<AppendOutcome, StorageError>) -> Void)

    /// Messages of a channel's log, in ascending seq order.
    func messages(in channel: ChannelKey, _ query: MessageQuery) async throws(StorageError) -> [StoredMessage]

    /// A fresh message id from the same generator that numbers stored messages, for messages that
    /// are delivered without being stored (NoPersist). Never returns an id already used.
    func nextMessageID() -> Int64

    /// The last seq a channel handed out, 0 if none. Seqs are never reused: messages purged with
    /// their sender keep theirs counted, so this may be above the highest stored seq. A deleted
    /// channel starts again from 0.
    func lastSeq(of channel: ChannelKey) async throws(StorageError) -> UInt64

    /// The messages of a channel matching any of the given seqs, message ids or client_msg_nos,
    /// in ascending seq order.
    func messages(
        in channel: ChannelKey, matching selector: MessageSelector
    ) async throws(StorageError) -> [StoredMessage]

    /// The seq of `uid`'s latest message in a channel that is above `seq`, 0 if there is none.
    func lastSeq(sentBy uid: String, in channel: ChannelKey, above seq: UInt64) async throws(StorageError) -> UInt64
}

extension MessageStore {
    /// Appends a message and waits until it is durable.
    package func append(_ request: AppendRequest) async throws(StorageError) -> AppendOutcome {
        let result: Result<AppendOutcome, StorageError> = await withCheckedContinuation { continuation in
            append(request) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}
