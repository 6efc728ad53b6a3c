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
    /// What the writer remembers about a channel: its row id and the last seq stored in it.
    private struct Cursor {
        var ref: Int64
        var lastSeq: UInt64
    }

    /// The identity of an append for deduplication inside one batch.
    private struct DedupKey: Hashable {
        var channel: ChannelKey
        var fromUID: String
        var clientMsgNo: String
    }

    private let pool: DatabasePool
    private let idGenerator: MessageIDGenerator
    private let maxCachedChannels: Int
    private let logger: Logger
    /// Channels seen since open (or since the cache was last reset). Loaded lazily from disk;
    /// entries of a failed batch are dropped so they are reloaded from what was committed.
    private var cursors: [ChannelKey: Cursor] = [:]

    init(pool: DatabasePool, idGenerator: MessageIDGenerator, maxCachedChannels: Int, logger: Logger) {
        self.pool = pool
        self.idGenerator = idGenerator
        self.maxCachedChannels = max(1, maxCachedChannels)
        self.logger = logger
    }

    /// Writes a batch in one transaction, then completes every append of it, in order.
    func commit(_ batch: [PendingAppend], statistics: WriterStatistics) {
        if cursors.count > maxCachedChannels {
            cursors.removeAll()
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(batch.count)
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    outcomes.removeAll(keepingCapacity: true)
                    try self.write(batch, into: db, outcomes: &outcomes)
                    return .commit
                }
            }
        } catch {
            for pending in batch {
                cursors.removeValue(forKey: pending.request.channel)
            }
            statistics.recordFailure()
            let failure = StorageError.from(error, while: "committing a batch of \(batch.count) appends")
            logger.error("group commit failed", metadata: ["error": "\(failure)", "appends": "\(batch.count)"])
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
        statistics.recordCommit(appends: batch.count, stored: stored, nanoseconds: Int(truncatingIfNeeded: elapsed))
        for (pending, outcome) in zip(batch, outcomes) {
            pending.completion(.success(outcome))
        }
    }

    /// Assigns ids and seqs, deduplicates and inserts, inside the batch transaction.
    private func write(_ batch: [PendingAppend], into db: Database, outcomes: inout [AppendOutcome]) throws {
        let insert = try db.cachedStatement(sql: MessageRows.insert)
        let now = ChannelRows.now()
        /// Messages stored earlier in this batch, by dedup key.
        var storedInBatch: [DedupKey: StoredMessage] = [:]
        /// The last seq of each channel before this batch, to skip lookups in channels that had
        /// nothing stored.
        var lastSeqBeforeBatch: [ChannelKey: UInt64] = [:]

        for pending in batch {
            let request = pending.request
            var cursor = try self.cursor(of: request.channel, now: now, in: db)
            if lastSeqBeforeBatch[request.channel] == nil {
                lastSeqBeforeBatch[request.channel] = cursor.lastSeq
            }

            var dedupKey: DedupKey?
            if !request.clientMsgNo.isEmpty {
                let key = DedupKey(channel: request.channel, fromUID: request.fromUID, clientMsgNo: request.clientMsgNo)
                dedupKey = key
                var original = storedInBatch[key]
                if original == nil, lastSeqBeforeBatch[request.channel, default: 0] > 0 {
                    original = try storedMessage(matching: request, channelRef: cursor.ref, in: db)
                }
                if let original {
                    outcomes.append(original.payload == request.payload ? .duplicate(original) : .conflict(original))
                    continue
                }
            }

            cursor.lastSeq += 1
            let message = StoredMessage(
                messageID: idGenerator.next(),
                channel: request.channel,
                seq: cursor.lastSeq,
                clientMsgNo: request.clientMsgNo,
                fromUID: request.fromUID,
                timestamp: request.timestamp,
                setting: request.setting,
                flags: request.flags,
                expire: request.expire,
                topic: request.topic,
                payload: request.payload
            )
            try insert.execute(arguments: MessageRows.insertArguments(message, channelRef: cursor.ref))
            cursors[request.channel] = cursor
            if let dedupKey { storedInBatch[dedupKey] = message }
            outcomes.append(.stored(message))
        }
    }

    /// The cached cursor of a channel, or one loaded (and the channel row created) from disk.
    private func cursor(of channel: ChannelKey, now: Int64, in db: Database) throws -> Cursor {
        if let cursor = cursors[channel] { return cursor }
        let ref = try ChannelRows.ensureRef(of: channel, now: now, in: db)
        let lastSeq = try Int64.fetchOne(db.cachedStatement(sql: MessageRows.selectLastSeq), arguments: [ref]) ?? 0
        let cursor = Cursor(ref: ref, lastSeq: UInt64(clamping: lastSeq))
        cursors[channel] = cursor
        return cursor
    }

    /// The message already stored in the channel with the request's client_msg_no and from uid.
    private func storedMessage(matching request: AppendRequest, channelRef: Int64, in db: Database) throws
        -> StoredMessage?
    {
        let statement = try db.cachedStatement(sql: MessageRows.selectByDedupKey)
        let arguments: StatementArguments = [
            channelRef, DedupHash.of(request.clientMsgNo), request.clientMsgNo, request.fromUID,
        ]
        guard let row = try Row.fetchOne(statement, arguments: arguments) else { return nil }
        return try MessageRows.decode(row, channel: request.channel)
    }
}
