import Dispatch
import GRDB
import JindouCore
import JindouStorage
import Logging

/// The database work of the group-commit writer: one batch of appends, one transaction.
///
/// Not Sendable: it is created on the writer thread and used only there, so its caches need no
/// lock.
final class BatchAppender {
    /// What the writer remembers about a channel: its row id and the last seq handed out in it.
    private struct Cursor {
        var ref: Int64
        var lastSeq: UInt64
    }

    private let pool: DatabasePool
    private let idGenerator: MessageIDGenerator
    private let channelCacheEpoch: ChannelCacheEpoch
    /// The epoch ``cursors`` were built in.
    private var cursorsEpoch: Int
    private let maxCachedChannels: Int
    private let logger: Logger
    /// Channels seen since open (or since the cache was last reset). Loaded lazily from disk;
    /// entries of a failed batch are dropped so they are reloaded from what was committed.
    private var cursors: [ChannelKey: Cursor] = [:]

    init(
        pool: DatabasePool, idGenerator: MessageIDGenerator, channelCacheEpoch: ChannelCacheEpoch,
        maxCachedChannels: Int,
        logger: Logger
    ) {
        self.pool = pool
        self.idGenerator = idGenerator
        self.channelCacheEpoch = channelCacheEpoch
        self.cursorsEpoch = channelCacheEpoch.current
        self.maxCachedChannels = max(1, maxCachedChannels)
        self.logger = logger
    }

    /// Writes a batch in one transaction, then completes every append of it, in order.
    func commit(_ batch: [PendingAppend], statistics: WriterStatistics) {
        if cursors.count > maxCachedChannels {
            cursors.removeAll()
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var statementsDone = started
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(batch.count)
        do {
            try pool.writeWithoutTransaction { db in
                try Self.inImmediateTransaction(db) {
                    let epoch = self.channelCacheEpoch.current
                    if epoch != self.cursorsEpoch {
                        self.cursors.removeAll()
                        self.cursorsEpoch = epoch
                    }
                    outcomes.removeAll(keepingCapacity: true)
                    try self.write(batch, into: db, outcomes: &outcomes)
                    statementsDone = DispatchTime.now().uptimeNanoseconds
                }
            }
        } catch {
            for pending in batch {
                cursors.removeValue(forKey: pending.request.channel)
            }
            let failure = StorageError.from(error, while: "committing a batch of \(batch.count) appends")
            statistics.recordFailedBatch(failure, appends: batch.count, logger: logger)
            for pending in batch {
                pending.completion(.failure(failure))
            }
            return
        }
        var stored = 0
        for outcome in outcomes {
            if case .stored = outcome { stored += 1 }
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds &- started
        statistics.recordCommit(
            appends: batch.count, stored: stored, nanoseconds: Int(truncatingIfNeeded: elapsed),
            statementNanoseconds: Int(truncatingIfNeeded: statementsDone &- started))
        for (pending, outcome) in zip(batch, outcomes) {
            pending.completion(.success(outcome))
        }
    }

    /// Runs `body` in an immediate transaction and commits it; on an error, rolls back (if SQLite
    /// has not already) and rethrows it.
    ///
    /// What GRDB's `inTransaction(.immediate)` does, but with the `BEGIN` and `COMMIT` statements
    /// prepared once and kept in the connection's statement cache: `inTransaction` parses and
    /// prepares both anew on every call, about 19 heap allocations per commit, and the writer
    /// commits up to once per message at low rates.
    ///
    /// `body` must let every database error through (no `try?`): like `inTransaction`, this
    /// refuses to commit when SQLite has already ended the transaction on its own (an abort), but
    /// statements run after such an abort would each have committed by themselves.
    private static func inImmediateTransaction(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            try body()
            guard db.isInsideTransaction else {
                throw DatabaseError(resultCode: .SQLITE_ABORT, message: "SQLite aborted the transaction")
            }
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        } catch {
            // SQLite rolls some failures back by itself; a ROLLBACK then fails harmlessly.
            try? db.rollback()
            throw error
        }
    }

    /// Assigns ids and seqs, deduplicates and inserts, inside the batch transaction.
    ///
    /// Deduplication costs nothing extra in the common case: the insert itself hits the unique
    /// (channel_ref, client_msg_no_hash, from_uid) index and writes nothing if the pair is already
    /// stored, earlier in this batch included (the transaction sees its own rows). Only then is
    /// the original read.
    private func write(_ batch: [PendingAppend], into db: Database, outcomes: inout [AppendOutcome]) throws {
        let insert = try db.cachedStatement(sql: MessageRows.insertUnlessDuplicate)
        let now = ChannelRows.now()
        for pending in batch {
            let request = pending.request
            var cursor = try self.cursor(of: request.channel, now: now, in: db)
            var clientMsgNoHash = DedupHash.of(clientMsgNo: request.clientMsgNo)
            let message = StoredMessage(
                messageID: idGenerator.next(),
                channel: request.channel,
                seq: cursor.lastSeq + 1,
                clientMsgNo: request.clientMsgNo,
                fromUID: request.fromUID,
                timestamp: request.timestamp,
                setting: request.setting,
                flags: request.flags,
                expire: request.expire,
                topic: request.topic,
                payload: request.payload
            )
            var stored = false
            while true {
                try insert.execute(
                    arguments: MessageRows.insertArguments(
                        message, channelRef: cursor.ref, clientMsgNoHash: clientMsgNoHash))
                if db.changesCount > 0 {
                    stored = true
                    break
                }
                let original = try storedMessage(
                    of: request, ref: cursor.ref, clientMsgNoHash: clientMsgNoHash, in: db)
                if original.clientMsgNo == request.clientMsgNo {
                    outcomes.append(original.payload == request.payload ? .duplicate(original) : .conflict(original))
                    break
                }
                // Two different client_msg_nos of one sender with one hash: store the newcomer
                // without deduplication rather than refuse it.
                logger.warning(
                    "dedup hash collision; storing the message without deduplication",
                    metadata: ["channel": "\(request.channel)", "clientMsgNo": "\(request.clientMsgNo)"])
                clientMsgNoHash = nil
            }
            guard stored else { continue }
            cursor.lastSeq = message.seq
            cursors[request.channel] = cursor
            if message.seq == 1 && request.channel.type == .person {
                try createPersonConversations(of: request.channel, ref: cursor.ref, in: db)
            }
            outcomes.append(.stored(message))
        }
    }

    /// Gives both users of a person channel a conversation when its first message is stored.
    private func createPersonConversations(of channel: ChannelKey, ref: Int64, in db: Database) throws {
        guard let (first, second) = PersonChannel.members(of: channel.id) else { return }
        let now = ConversationRows.nowMilliseconds()
        let statement = try db.cachedStatement(sql: ConversationRows.insertIfMissing)
        for uid in [first, second] {
            try statement.execute(arguments: [uid, ref, 0, now / 1000, now])
        }
    }

    /// The message that made an insert do nothing: the sender's one with the same hash.
    private func storedMessage(
        of request: AppendRequest, ref: Int64, clientMsgNoHash: Int64?, in db: Database
    ) throws
        -> StoredMessage
    {
        guard let clientMsgNoHash,
            let row = try Row.fetchOne(
                db.cachedStatement(sql: MessageRows.selectByDedupKey),
                arguments: [ref, clientMsgNoHash, request.fromUID])
        else {
            // Message ids and (channel, seq) never collide unless the writer's caches are wrong.
            throw StorageError(.corrupt, "an insert into \(request.channel) collided with a stored message id or seq")
        }
        return try MessageRows.decode(row, channel: request.channel)
    }

    /// The cached cursor of a channel, or one loaded (and the channel row created) from disk.
    private func cursor(of channel: ChannelKey, now: Int64, in db: Database) throws -> Cursor {
        if let cursor = cursors[channel] { return cursor }
        let ref = try ChannelRows.ensureRef(of: channel, now: now, in: db)
        let cursor = Cursor(ref: ref, lastSeq: try MessageRows.lastSeq(channelRef: ref, in: db))
        cursors[channel] = cursor
        return cursor
    }
}
