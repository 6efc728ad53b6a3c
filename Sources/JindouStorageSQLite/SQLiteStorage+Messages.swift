import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Queues the append for the next group commit; `completion` runs on the writer thread once
    /// the batch is committed and synced (or failed), in queue order. After ``close()`` it fails
    /// at once with `.closed`, on the caller's thread.
    package func append(
        _ request: AppendRequest, completion: @escaping @Sendable (Result<AppendOutcome, StorageError>) -> Void
    ) {
        enqueue(PendingAppend(request: request, completion: completion))
    }

    /// A fresh id from the generator that numbers stored messages (lock-free, callable from any
    /// thread), for messages delivered without being stored. Ids stay unique across restarts
    /// only for ids that were stored: the generator restarts above the largest stored id.
    package func nextMessageID() -> Int64 {
        idGenerator.next()
    }

    /// Messages of a channel in `query`'s inclusive seq range, ascending; empty for an unknown
    /// channel.
    package func messages(in channel: ChannelKey, _ query: MessageQuery) async throws(StorageError) -> [StoredMessage] {
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

    /// The last seq a channel handed out, 0 if none (or if the channel is unknown): its highest
    /// stored seq, or higher if a purge deleted its newest messages.
    package func lastSeq(of channel: ChannelKey) async throws(StorageError) -> UInt64 {
        try await read("reading the last seq of \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return 0 }
            return try MessageRows.lastSeq(channelRef: ref, in: db)
        }
    }

    /// The messages of a channel matching any of the selector's seqs, ids or client_msg_nos,
    /// ascending by seq, without duplicates.
    package func messages(
        in channel: ChannelKey, matching selector: MessageSelector
    ) async throws(StorageError)
        -> [StoredMessage]
    {
        guard !selector.isEmpty else { return [] }
        return try await read("looking up messages of \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return [] }
            var found: [UInt64: StoredMessage] = [:]
            func collect(_ statement: Statement, _ arguments: StatementArguments) throws {
                let rows = try Row.fetchCursor(statement, arguments: arguments)
                while let row = try rows.next() {
                    let message = try MessageRows.decode(row, channel: channel)
                    found[message.seq] = message
                }
            }
            let bySeq = try db.cachedStatement(sql: MessageRows.selectBySeq)
            for seq in selector.seqs {
                try collect(bySeq, [ref, MessageRows.sqlSeq(seq)])
            }
            let byID = try db.cachedStatement(sql: MessageRows.selectByMessageID)
            for id in selector.messageIDs {
                try collect(byID, [id, ref])
            }
            let byClientMsgNo = try db.cachedStatement(sql: MessageRows.selectByClientMsgNo)
            for clientMsgNo in selector.clientMsgNos {
                guard let hash = DedupHash.of(clientMsgNo: clientMsgNo) else { continue }
                try collect(byClientMsgNo, [ref, hash, clientMsgNo])
            }
            return found.keys.sorted().compactMap { found[$0] }
        }
    }

    /// The seq of `uid`'s latest message in a channel above `seq`, 0 if none.
    package func lastSeq(
        sentBy uid: String, in channel: ChannelKey, above seq: UInt64
    ) async throws(StorageError) -> UInt64 {
        try await read("reading the last seq sent by \(uid) in \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return 0 }
            let last = try Int64.fetchOne(
                db.cachedStatement(sql: MessageRows.selectLastSeqSentBy),
                arguments: [ref, MessageRows.sqlSeq(seq), uid])
            return UInt64(clamping: last ?? 0)
        }
    }
}
