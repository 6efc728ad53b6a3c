import Foundation
import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Messages after `messageID` in commit order: a range scan of the primary key. Message ids
    /// are assigned on the writer thread in commit order, so nothing committed later can have a
    /// smaller id than what this returns.
    package func messagesCommitted(after messageID: Int64, limit: Int) async throws(StorageError) -> [StoredMessage] {
        guard limit > 0 else { return [] }
        return try await read("reading the messages committed after \(messageID)") { db in
            let statement = try db.cachedStatement(sql: WebhookRows.selectCommittedAfter)
            let rows = try Row.fetchCursor(statement, arguments: [messageID, Int64(limit)])
            var messages: [StoredMessage] = []
            while let row = try rows.next() {
                let channel = ChannelKey(
                    id: try row.decode(String.self, atIndex: 10),
                    type: ChannelType(rawValue: UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 11))))
                messages.append(try MessageRows.decode(row, channel: channel))
            }
            return messages
        }
    }

    package func lastMessageID() async throws(StorageError) -> Int64 {
        try await read("reading the largest message id") { db in
            try Int64.fetchOne(db, sql: MessageRows.selectMaxMessageID) ?? 0
        }
    }

    package func messageCount(after messageID: Int64) async throws(StorageError) -> Int {
        try await read("counting the messages after \(messageID)") { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM messages WHERE message_id > ?", arguments: [messageID])
                ?? 0
        }
    }

    package func webhookWatermark(stream: String) async throws(StorageError) -> Int64? {
        try await read("reading the webhook watermark of \(stream)") { db in
            try Int64.fetchOne(
                db, sql: "SELECT message_id FROM webhook_watermarks WHERE stream = ?", arguments: [stream])
        }
    }

    package func setWebhookWatermark(stream: String, messageID: Int64) async throws(StorageError) {
        try await write("recording the webhook watermark of \(stream)") { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_watermarks (stream, message_id, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(stream) DO UPDATE SET message_id = max(message_id, excluded.message_id),
                        updated_at = excluded.updated_at
                    """,
                arguments: [stream, messageID, WallClock.nowMilliseconds()])
        }
    }

    package func addDeadLetters(_ letters: [DeadLetter]) async throws(StorageError) {
        guard !letters.isEmpty else { return }
        try await write("storing \(letters.count) dead letters") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO webhook_dead_letters
                        (event, event_id, body, item_count, first_attempt_at, dead_at, attempts, last_error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for letter in letters {
                try statement.execute(arguments: [
                    letter.event, letter.eventID, Data(letter.body), letter.itemCount, letter.firstAttemptAt,
                    letter.deadAt, letter.attempts, letter.lastError,
                ])
            }
        }
    }

    package func deadLetters(event: String?, after id: Int64, limit: Int) async throws(StorageError) -> [DeadLetter] {
        try await read("reading dead letters") { db in
            let sql =
                "SELECT \(WebhookRows.deadLetterColumns) FROM webhook_dead_letters WHERE id > ?"
                + (event == nil ? "" : " AND event = ?") + " ORDER BY id LIMIT ?"
            let arguments: StatementArguments =
                if let event { [id, event, Int64(max(0, limit))] } else { [id, Int64(max(0, limit))] }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(WebhookRows.deadLetter)
        }
    }

    package func removeDeadLetter(id: Int64) async throws(StorageError) {
        try await write("removing dead letter \(id)") { db in
            try db.execute(sql: "DELETE FROM webhook_dead_letters WHERE id = ?", arguments: [id])
        }
    }

    package func deadLetterCounts() async throws(StorageError) -> [String: Int] {
        try await read("counting dead letters") { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT event, count(*) FROM webhook_dead_letters GROUP BY event") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }
}

/// The SQL of the webhook tables.
enum WebhookRows {
    /// ``MessageRows/columns`` followed by the channel's id and type.
    static let selectCommittedAfter = """
        SELECT \(MessageRows.columns.split(separator: ",").map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")),
               c.channel_id, c.channel_type
        FROM messages m JOIN channels c ON c.id = m.channel_ref
        WHERE m.message_id > ? ORDER BY m.message_id LIMIT ?
        """

    static let selectMaxWatermark = "SELECT max(message_id) FROM webhook_watermarks"

    static let deadLetterColumns =
        "id, event, event_id, body, item_count, first_attempt_at, dead_at, attempts, last_error"

    static func deadLetter(_ row: Row) -> DeadLetter {
        let body: Data = row[3]
        return DeadLetter(
            id: row[0], event: row[1], eventID: row[2], body: [UInt8](body), itemCount: row[4],
            firstAttemptAt: row[5], deadAt: row[6], attempts: row[7], lastError: row[8])
    }
}
