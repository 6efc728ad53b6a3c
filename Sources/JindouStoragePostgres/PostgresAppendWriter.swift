import JindouCore
import JindouStorage
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The group-commit writer of the PostgreSQL store: every append queued while a batch commits
/// goes into the next one (priority appends first). A batch is one transaction: the touched
/// channels' rows created if missing and locked in id order, their counters advanced with one
/// `UPDATE … RETURNING`, the originals of client_msg_nos already stored read, one multi-row insert
/// (`UNNEST`), one `NOTIFY` naming the batch's ids for the cluster, then COMMIT; only after COMMIT
/// returns are the appends completed, in order.
final class PostgresAppendWriter: Sendable {
    /// One queued append.
    struct Pending: Sendable {
        var request: AppendRequest
        var completion: @Sendable (Result<AppendOutcome, StorageError>) -> Void
    }

    private struct Queue {
        var ordinary: [Pending] = []
        var priority: [Pending] = []
        var closed = false
    }

    /// The most appends in one transaction.
    static let maxBatch = 1000

    private let queue = Mutex(Queue())
    private let wakeup: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// The writer's connection; only ``run()`` uses it (it is in a mutex to be `Sendable`).
    private let link: Mutex<PostgresWriterLink>
    private let idGenerator: MessageIDGenerator
    private let logger: Logger
    /// What the writer has done, and whether its last commit failed.
    let statistics = WriterStatistics()
    var health: WriteHealth { statistics.health }

    init(link: PostgresWriterLink, idGenerator: MessageIDGenerator, logger: Logger) {
        (wakeup, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.link = Mutex(link)
        self.idGenerator = idGenerator
        self.logger = logger
    }

    var isClosed: Bool { queue.withLock { $0.closed } }

    /// Queues an append; false when the writer is closed.
    func submit(_ pending: Pending) -> Bool {
        let accepted = queue.withLock { queue -> Bool in
            guard !queue.closed else { return false }
            if pending.request.priority {
                queue.priority.append(pending)
            } else {
                queue.ordinary.append(pending)
            }
            return true
        }
        if accepted { wake.yield() }
        return accepted
    }

    /// Stops taking appends; ``run()`` commits what is queued and returns.
    func close() {
        queue.withLock { $0.closed = true }
        wake.yield()
    }

    /// Commits batches until closed and drained.
    func run() async {
        var link = self.link.withLock { $0 }
        defer { self.link.withLock { $0 = link } }
        var iterator = wakeup.makeAsyncIterator()
        while true {
            let (batch, finished) = queue.withLock { queue -> ([Pending], Bool) in
                var batch = Array(queue.priority.prefix(Self.maxBatch))
                queue.priority.removeFirst(batch.count)
                let room = Self.maxBatch - batch.count
                let ordinary = queue.ordinary.prefix(room)
                batch.append(contentsOf: ordinary)
                queue.ordinary.removeFirst(ordinary.count)
                return (batch, queue.closed && queue.priority.isEmpty && queue.ordinary.isEmpty)
            }
            if !batch.isEmpty {
                await commit(batch, link: &link)
                continue
            }
            if finished {
                await link.close()
                return
            }
            guard await iterator.next() != nil else { return }
        }
    }

    private func commit(_ batch: [Pending], link: inout PostgresWriterLink) async {
        var attempt = 1
        while true {
            do {
                let connection = try await link.connection()
                let clock = ContinuousClock()
                let start = clock.now
                var statementsEnd = start
                let outcomes = try await connection.withTransaction(logger: logger) { connection in
                    let outcomes = try await self.write(batch, on: connection)
                    statementsEnd = clock.now
                    return outcomes
                }
                let stored = outcomes.reduce(0) { count, outcome in
                    if case .stored = outcome { count + 1 } else { count }
                }
                statistics.recordCommit(
                    appends: batch.count, stored: stored, nanoseconds: (clock.now - start).nanoseconds,
                    statementNanoseconds: (statementsEnd - start).nanoseconds)
                for (pending, outcome) in zip(batch, outcomes) {
                    pending.completion(.success(outcome))
                }
                return
            } catch  where attempt < 3 && PostgresErrors.isTransient(error) {
                // A deadlock victim did nothing: run the batch again.
                attempt += 1
            } catch {
                if PostgresErrors.sqlState(of: error) == nil { await link.discard() }
                fail(batch, error)
                return
            }
        }
    }

    private func fail(_ batch: [Pending], _ error: any Error) {
        let failure = PostgresErrors.storageError(error, while: "committing a batch of \(batch.count) appends")
        statistics.recordFailedBatch(failure, appends: batch.count, logger: logger)
        for pending in batch {
            pending.completion(.failure(failure))
        }
    }

    /// The batch's work inside its transaction; returns an outcome per append, in order.
    private func write(_ batch: [Pending], on connection: PostgresConnection) async throws -> [AppendOutcome] {
        let requests = batch.map(\.request)
        let refs = try await lockChannels(Set(requests.map(\.channel)), on: connection)
        let originals = try await storedOriginals(of: requests, refs: refs, on: connection)

        // Decide each append in order: a client_msg_no already stored is a duplicate or a conflict
        // of the stored message; one taken earlier in this batch, of the append that took it.
        enum Decision {
            case store
            case againstStored(StoredMessage)
            case againstBatch(Int)
        }
        var decisions: [Decision] = []
        decisions.reserveCapacity(requests.count)
        var takenInBatch: [DedupKey: Int] = [:]
        var perChannel: [Int64: Int] = [:]
        for (index, request) in requests.enumerated() {
            let ref = refs[request.channel]!
            if !request.clientMsgNo.isEmpty {
                let key = DedupKey(ref: ref, clientMsgNo: request.clientMsgNo, fromUID: request.fromUID)
                if let original = originals[key] {
                    decisions.append(.againstStored(original))
                    continue
                }
                if let first = takenInBatch[key] {
                    decisions.append(.againstBatch(first))
                    continue
                }
                takenInBatch[key] = index
            }
            decisions.append(.store)
            perChannel[ref, default: 0] += 1
        }

        // Advance the counters of the channels that get messages (their rows are locked).
        var nextSeq: [Int64: UInt64] = [:]
        if !perChannel.isEmpty {
            let counted = perChannel.sorted { $0.key < $1.key }
            let rows = try await connection.query(
                """
                UPDATE channels SET last_seq = channels.last_seq + c.n
                FROM UNNEST(\(counted.map(\.key))::bigint[], \(counted.map { Int64($0.value) })::bigint[]) AS c(id, n)
                WHERE channels.id = c.id RETURNING channels.id, channels.last_seq, c.n
                """, logger: logger)
            for try await (id, lastSeq, count) in rows.decode((Int64, Int64, Int64).self) {
                nextSeq[id] = UInt64(lastSeq - count + 1)
            }
        }

        // Outcomes in order; an append decided against an earlier one of the batch comes after it,
        // so that one's message exists by then.
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(requests.count)
        var messages: [StoredMessage] = []
        var channelRefs: [Int64] = []
        for (request, decision) in zip(requests, decisions) {
            switch decision {
            case .store:
                let ref = refs[request.channel]!
                let seq = nextSeq[ref]!
                nextSeq[ref] = seq + 1
                let message = StoredMessage(
                    messageID: idGenerator.next(), channel: request.channel, seq: seq,
                    clientMsgNo: request.clientMsgNo, fromUID: request.fromUID, timestamp: request.timestamp,
                    setting: request.setting, flags: request.flags, expire: request.expire, topic: request.topic,
                    payload: request.payload)
                messages.append(message)
                channelRefs.append(ref)
                outcomes.append(.stored(message))
            case .againstStored(let original):
                outcomes.append(Self.repeated(request, of: original))
            case .againstBatch(let first):
                // The append that took the key was decided `.store`.
                guard case .stored(let original) = outcomes[first] else { preconditionFailure("not stored") }
                outcomes.append(Self.repeated(request, of: original))
            }
        }
        if let first = messages.first, let last = messages.last {
            try await insert(messages, refs: channelRefs, on: connection)
            try await createPersonConversations(for: messages, refs: channelRefs, on: connection)
            // One notification per batch, sent by the server at COMMIT: the other nodes (and this
            // one's relay) learn which ids to read, in commit order.
            let payload = PostgresClusterPayload.committed(
                nodeID: Int(idGenerator.nodeID), ids: first.messageID...last.messageID, count: messages.count)
            try await connection.query(
                "SELECT pg_notify(\(PostgresClusterPayload.channel), \(payload))", logger: logger)
        }
        return outcomes
    }

    /// Gives both users of a person channel a conversation when its first message is stored.
    private func createPersonConversations(
        for messages: [StoredMessage], refs: [Int64], on connection: PostgresConnection
    ) async throws {
        var uids: [String] = []
        var channelRefs: [Int64] = []
        for (message, ref) in zip(messages, refs) where message.seq == 1 && message.channel.type == .person {
            guard let (first, second) = PersonChannel.members(of: message.channel.id) else { continue }
            uids += [first, second]
            channelRefs += [ref, ref]
        }
        guard !uids.isEmpty else { return }
        let now = WallClock.nowMilliseconds()
        try await connection.query(
            """
            INSERT INTO conversations (uid, channel_ref, read_seq, deleted_seq, created_at, updated_at)
            SELECT u, r, 0, 0, \(now / 1000), \(now) FROM UNNEST(\(uids)::text[], \(channelRefs)::bigint[]) AS c(u, r)
            ON CONFLICT (uid, channel_ref) DO NOTHING
            """, logger: logger)
    }

    /// An append of a client_msg_no already taken: a duplicate when the payload is the same, a
    /// conflict otherwise.
    private static func repeated(_ request: AppendRequest, of original: StoredMessage) -> AppendOutcome {
        original.payload == request.payload ? .duplicate(original) : .conflict(original)
    }

    /// Creates missing channel rows and locks every touched one, in id order (two writers never
    /// deadlock); returns their ids.
    private func lockChannels(
        _ channels: Set<ChannelKey>, on connection: PostgresConnection
    ) async throws
        -> [ChannelKey: Int64]
    {
        var refs: [ChannelKey: Int64] = [:]
        var missing = channels
        // A channel deleted between the insert and the lock is created again by the next round.
        for _ in 0..<3 where !missing.isEmpty {
            let keys = missing.sorted { ($0.type.rawValue, $0.id) < ($1.type.rawValue, $1.id) }
            let ids = keys.map(\.id)
            let types = keys.map { Int16($0.type.rawValue) }
            let now = Int64(WallClock.nowSeconds())
            try await connection.query(
                """
                INSERT INTO channels (channel_id, channel_type, created_at)
                SELECT c.id, c.type, \(now) FROM UNNEST(\(ids)::text[], \(types)::smallint[]) AS c(id, type)
                ON CONFLICT (channel_id, channel_type) DO NOTHING
                """, logger: logger)
            // NO KEY UPDATE: other transactions' foreign-key checks (a member added, a read cursor
            // moved) do not wait for this batch; a channel's deletion does.
            let rows = try await connection.query(
                """
                SELECT channels.id, channels.channel_id, channels.channel_type FROM channels
                JOIN UNNEST(\(ids)::text[], \(types)::smallint[]) AS c(id, type)
                  ON channels.channel_id = c.id AND channels.channel_type = c.type
                ORDER BY channels.id FOR NO KEY UPDATE OF channels
                """, logger: logger)
            for try await (ref, id, type) in rows.decode((Int64, String, Int16).self) {
                let key = ChannelKey(id: id, type: ChannelType(UInt8(truncatingIfNeeded: type)))
                refs[key] = ref
                missing.remove(key)
            }
        }
        guard missing.isEmpty else {
            throw StorageError(.ioFailure, "\(missing.count) channels were deleted while a batch was appending to them")
        }
        return refs
    }

    /// The stored messages that the batch's client_msg_nos name.
    private func storedOriginals(
        of requests: [AppendRequest], refs: [ChannelKey: Int64], on connection: PostgresConnection
    ) async throws -> [DedupKey: StoredMessage] {
        let keyed = requests.filter { !$0.clientMsgNo.isEmpty }
        guard !keyed.isEmpty else { return [:] }
        let channelOf = Dictionary(refs.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresMessageRows.columns), m.channel_ref FROM messages m
            JOIN UNNEST(\(keyed.map { refs[$0.channel]! })::bigint[], \(keyed.map(\.clientMsgNo))::text[],
                        \(keyed.map(\.fromUID))::text[]) AS k(ref, client_msg_no, from_uid)
              ON m.channel_ref = k.ref AND m.client_msg_no = k.client_msg_no AND m.from_uid = k.from_uid
             -- Lets the planner use the partial unique index (without it: a scan of every message).
             AND m.client_msg_no <> ''
            """, logger: logger)
        var originals: [DedupKey: StoredMessage] = [:]
        for try await row in rows {
            let ref = try PostgresRandomAccessRow(row)[10].decode(Int64.self)
            guard let channel = channelOf[ref] else { continue }
            let message = try PostgresMessageRows.message(row, channel: channel)
            originals[DedupKey(ref: ref, clientMsgNo: message.clientMsgNo, fromUID: message.fromUID)] = message
        }
        return originals
    }

    private func insert(_ messages: [StoredMessage], refs: [Int64], on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO messages (message_id, channel_ref, seq, client_msg_no, from_uid, timestamp, setting, flags,
                                  expire, topic, payload)
            SELECT * FROM UNNEST(\(messages.map(\.messageID))::bigint[], \(refs)::bigint[],
                \(messages.map { Int64($0.seq) })::bigint[], \(messages.map(\.clientMsgNo))::text[],
                \(messages.map(\.fromUID))::text[], \(messages.map { Int64($0.timestamp) })::bigint[],
                \(messages.map { Int16($0.setting.rawValue) })::smallint[],
                \(messages.map { Int16($0.flags.rawValue) })::smallint[],
                \(messages.map { Int64($0.expire) })::bigint[], \(messages.map(\.topic))::text[],
                \(messages.map { ByteBuffer(bytes: $0.payload) })::bytea[])
            """, logger: logger)
    }
}

/// The deduplication key: (channel, client_msg_no, from_uid).
struct DedupKey: Hashable {
    var ref: Int64
    var clientMsgNo: String
    var fromUID: String
}

extension Duration {
    fileprivate var nanoseconds: Int {
        Int(components.seconds) * 1_000_000_000 + Int(components.attoseconds / 1_000_000_000)
    }
}
