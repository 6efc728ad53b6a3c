import JindouCore
import JindouStorage
import NIOCore
import PostgresNIO

extension PostgresStorage {
    /// This node's messages after `messageID` in commit order: its writer assigns message ids in
    /// the order its batches commit, one batch at a time. Nodes sharing the database commit
    /// concurrently, so each node's stream sends the messages it committed (the id's node bits).
    package func messagesCommitted(after messageID: Int64, limit: Int) async throws(StorageError) -> [StoredMessage] {
        try await outboxMessages(ofNode: ownNode, after: messageID, limit: limit)
    }

    /// The largest id of a message this node stored, 0 if none.
    package func lastMessageID() async throws(StorageError) -> Int64 {
        try await lastMessageID(ofNode: ownNode)
    }

    /// The number of this node's messages with an id above `messageID`.
    package func messageCount(after messageID: Int64) async throws(StorageError) -> Int {
        try await messageCount(ofNode: ownNode, after: messageID)
    }

    /// The watermark of `stream` for this node's messages; a node without one starts from the
    /// stream's unqualified watermark (one copied from SQLite by `jindou migrate`).
    package func webhookWatermark(stream: String) async throws(StorageError) -> Int64? {
        try await webhookWatermark(stream: stream, ofNode: ownNode)
    }

    package func setWebhookWatermark(stream: String, messageID: Int64) async throws(StorageError) {
        try await setWebhookWatermark(stream: stream, ofNode: ownNode, messageID: messageID)
    }

    private var ownNode: Int { Int(idGenerator.nodeID) }

    // MARK: - Any node's outbox

    func outboxMessages(
        ofNode node: Int, after messageID: Int64, limit: Int
    ) async throws(StorageError)
        -> [StoredMessage]
    {
        try await messagesCommitted(byNode: node, in: (messageID + 1)...Int64.max, limit: limit)
    }

    func lastMessageID(ofNode node: Int) async throws(StorageError) -> Int64 {
        let logger = self.logger
        return try await read("reading the largest message id of node \(node)") { connection in
            for try await id in try await connection.query(
                // Backwards along the primary key: stops at the node's newest message.
                """
                SELECT message_id FROM messages WHERE ((message_id >> 12) & 1023) = \(Int64(node))
                ORDER BY message_id DESC LIMIT 1
                """, logger: logger
            ).decode(Int64.self) {
                return id
            }
            return 0
        }
    }

    func messageCount(ofNode node: Int, after messageID: Int64) async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("counting the messages of node \(node) after \(messageID)") { connection in
            try await PostgresChannelRows.count(
                """
                SELECT count(*) FROM messages
                WHERE message_id > \(messageID) AND ((message_id >> 12) & 1023) = \(Int64(node))
                """, on: connection, logger: logger)
        }
    }

    func webhookWatermark(stream: String, ofNode node: Int) async throws(StorageError) -> Int64? {
        let logger = self.logger
        let own = Self.nodeStream(stream, node)
        return try await read("reading the webhook watermark of \(own)") { connection in
            for try await id in try await connection.query(
                """
                SELECT message_id FROM webhook_watermarks WHERE stream IN (\(own), \(stream))
                ORDER BY stream = \(own) DESC LIMIT 1
                """, logger: logger
            ).decode(Int64.self) {
                return id
            }
            return nil
        }
    }

    func setWebhookWatermark(stream: String, ofNode node: Int, messageID: Int64) async throws(StorageError) {
        let logger = self.logger
        let stream = Self.nodeStream(stream, node)
        try await write("recording the webhook watermark of \(stream)") { connection in
            _ = try await connection.query(
                """
                INSERT INTO webhook_watermarks (stream, message_id, updated_at)
                VALUES (\(stream), \(messageID), \(WallClock.nowMilliseconds()))
                ON CONFLICT (stream) DO UPDATE
                    SET message_id = greatest(webhook_watermarks.message_id, excluded.message_id),
                        updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    /// A stream's watermark name for one node's messages: each node sends the messages it committed.
    private static func nodeStream(_ stream: String, _ node: Int) -> String {
        "\(stream)@node\(node)"
    }

    package func addDeadLetters(_ letters: [DeadLetter]) async throws(StorageError) {
        guard !letters.isEmpty else { return }
        let logger = self.logger
        try await write("storing \(letters.count) dead letters") { connection in
            _ = try await connection.query(
                """
                INSERT INTO webhook_dead_letters
                    (event, event_id, body, item_count, first_attempt_at, dead_at, attempts, last_error)
                SELECT * FROM UNNEST(\(letters.map(\.event))::text[], \(letters.map(\.eventID))::text[],
                    \(letters.map { ByteBuffer(bytes: $0.body) })::bytea[], \(letters.map { Int32($0.itemCount) })::integer[],
                    \(letters.map(\.firstAttemptAt))::bigint[], \(letters.map(\.deadAt))::bigint[],
                    \(letters.map { Int32($0.attempts) })::integer[], \(letters.map(\.lastError))::text[])
                """, logger: logger)
        }
    }

    package func deadLetters(event: String?, after id: Int64, limit: Int) async throws(StorageError) -> [DeadLetter] {
        let logger = self.logger
        return try await read("reading dead letters") { connection in
            let columns = "id, event, event_id, body, item_count, first_attempt_at, dead_at, attempts, last_error"
            let rows: PostgresRowSequence
            if let event {
                rows = try await connection.query(
                    """
                    SELECT \(unescaped: columns) FROM webhook_dead_letters WHERE id > \(id) AND event = \(event)
                    ORDER BY id LIMIT \(Int64(max(0, limit)))
                    """, logger: logger)
            } else {
                rows = try await connection.query(
                    """
                    SELECT \(unescaped: columns) FROM webhook_dead_letters WHERE id > \(id)
                    ORDER BY id LIMIT \(Int64(max(0, limit)))
                    """, logger: logger)
            }
            var letters: [DeadLetter] = []
            for try await (id, event, eventID, body, itemCount, firstAttemptAt, deadAt, attempts, lastError)
                in rows
                .decode((Int64, String, String, ByteBuffer, Int32, Int64, Int64, Int32, String).self)
            {
                letters.append(
                    DeadLetter(
                        id: id, event: event, eventID: eventID, body: Array(body.readableBytesView),
                        itemCount: Int(itemCount), firstAttemptAt: firstAttemptAt, deadAt: deadAt,
                        attempts: Int(attempts), lastError: lastError))
            }
            return letters
        }
    }

    package func removeDeadLetter(id: Int64) async throws(StorageError) {
        let logger = self.logger
        try await write("removing dead letter \(id)") { connection in
            _ = try await connection.query("DELETE FROM webhook_dead_letters WHERE id = \(id)", logger: logger)
        }
    }

    package func deadLetterCounts() async throws(StorageError) -> [String: Int] {
        let logger = self.logger
        return try await read("counting dead letters") { connection in
            var counts: [String: Int] = [:]
            for try await (event, count) in try await connection.query(
                "SELECT event, count(*) FROM webhook_dead_letters GROUP BY event", logger: logger
            ).decode((String, Int64).self) {
                counts[event] = Int(count)
            }
            return counts
        }
    }
}
