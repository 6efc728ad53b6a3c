import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Queues the append for the next group commit; `completion` runs on the writer thread once
    /// the batch is committed and synced (or failed), in queue order. After ``close()`` it fails
    /// at once with `.closed`, on the caller's thread.
    public func append(
        _ request: AppendRequest, completion: @escaping @Sendable (Result<AppendOutcome, StorageError>) -> Void
    ) {
        enqueue(PendingAppend(request: request, completion: completion))
    }

    /// A fresh id from the generator that numbers stored messages (lock-free, callable from any
    /// thread), for messages delivered without being stored. Ids stay unique across restarts
    /// only for ids that were stored: the generator restarts above the largest stored id.
    public func nextMessageID() -> Int64 {
        idGenerator.next()
    }

    /// Messages of a channel in `query`'s inclusive seq range, ascending; empty for an unknown
    /// channel.
    public func messages(in channel: ChannelKey, _ query: MessageQuery) async throws(StorageError) -> [StoredMessage] {
        let emptyRange = query.limit <= 0 || query.fromSeq > query.toSeq
        return try await read("reading messages of \(channel)") { db in
            guard !emptyRange, let ref = try ChannelRows.ref(of: channel, in: db) else { return [] }
            let statement = try db.cachedStatement(
                sql: query.newestFirst ? MessageRows.selectNewestInRange : MessageRows.selectOldestInRange)
            let arguments: StatementArguments = [
                ref, MessageRows.sqlSeq(query.fromSeq), MessageRows.sqlSeq(query.toSeq), Int64(query.limit),
            ]
            var messages: [StoredMessage] = []
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                messages.append(try MessageRows.decode(row, channel: channel))
            }
            if query.newestFirst { messages.reverse() }
            return messages
        }
    }

    /// The highest seq stored in a channel, 0 if none (or if the channel is unknown).
    public func lastSeq(of channel: ChannelKey) async throws(StorageError) -> UInt64 {
        try await read("reading the last seq of \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return 0 }
            let lastSeq = try Int64.fetchOne(db.cachedStatement(sql: MessageRows.selectLastSeq), arguments: [ref])
            return UInt64(clamping: lastSeq ?? 0)
        }
    }
}
