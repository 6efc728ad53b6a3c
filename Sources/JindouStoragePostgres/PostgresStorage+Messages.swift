import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Queues the append for the next group commit; `completion` runs once its transaction has
    /// committed (or failed), in queue order. After ``close()`` it fails at once with `.closed`.
    package func append(
        _ request: AppendRequest, completion: @escaping @Sendable (Result<AppendOutcome, StorageError>) -> Void
    ) {
        guard writer.submit(.init(request: request, completion: completion)) else {
            completion(
                .failure(
                    StorageError(.closed, "appending to \(request.channel) failed: the PostgreSQL store is closed")))
            return
        }
    }

    package func nextMessageID() -> Int64 {
        idGenerator.next()
    }

    package func messages(in channel: ChannelKey, _ query: MessageQuery) async throws(StorageError) -> [StoredMessage] {
        guard query.limit > 0, query.fromSeq <= query.toSeq else { return [] }
        let logger = self.logger
        return try await read("reading messages of \(channel)") { connection in
            let order = query.newestFirst ? "DESC" : "ASC"
            let rows = try await connection.query(
                """
                SELECT \(unescaped: PostgresMessageRows.columns) FROM messages m JOIN channels c ON c.id = m.channel_ref
                WHERE c.channel_id = \(channel.id) AND c.channel_type = \(Int16(channel.type.rawValue))
                  AND m.seq BETWEEN \(PostgresMessageRows.sqlSeq(query.fromSeq)) AND \(PostgresMessageRows.sqlSeq(query.toSeq))
                ORDER BY m.seq \(unescaped: order) LIMIT \(Int64(query.limit))
                """, logger: logger)
            var messages: [StoredMessage] = []
            for try await row in rows {
                messages.append(try PostgresMessageRows.message(row, channel: channel))
            }
            if query.newestFirst { messages.reverse() }
            return messages
        }
    }

    package func lastSeq(of channel: ChannelKey) async throws(StorageError) -> UInt64 {
        let logger = self.logger
        return try await read("reading the last seq of \(channel)") { connection in
            let rows = try await connection.query(
                """
                SELECT last_seq FROM channels
                WHERE channel_id = \(channel.id) AND channel_type = \(Int16(channel.type.rawValue))
                """, logger: logger)
            for try await seq in rows.decode(Int64.self) { return UInt64(clamping: seq) }
            return 0
        }
    }

    package func messages(
        in channel: ChannelKey, matching selector: MessageSelector
    ) async throws(StorageError) -> [StoredMessage] {
        guard !selector.isEmpty else { return [] }
        let logger = self.logger
        return try await read("looking up messages of \(channel)") { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: PostgresMessageRows.columns) FROM messages m JOIN channels c ON c.id = m.channel_ref
                WHERE c.channel_id = \(channel.id) AND c.channel_type = \(Int16(channel.type.rawValue))
                  AND (m.seq = ANY(\(selector.seqs.map(PostgresMessageRows.sqlSeq))::bigint[])
                       OR m.message_id = ANY(\(selector.messageIDs)::bigint[])
                       OR m.client_msg_no = ANY(\(selector.clientMsgNos)::text[]))
                ORDER BY m.seq ASC
                """, logger: logger)
            var messages: [StoredMessage] = []
            for try await row in rows {
                messages.append(try PostgresMessageRows.message(row, channel: channel))
            }
            return messages
        }
    }

    package func lastSeq(
        sentBy uid: String, in channel: ChannelKey, above seq: UInt64
    ) async throws(StorageError) -> UInt64 {
        let logger = self.logger
        return try await read("reading the last seq sent by \(uid) in \(channel)") { connection in
            let rows = try await connection.query(
                """
                SELECT coalesce(max(m.seq), 0) FROM messages m JOIN channels c ON c.id = m.channel_ref
                WHERE c.channel_id = \(channel.id) AND c.channel_type = \(Int16(channel.type.rawValue))
                  AND m.seq > \(PostgresMessageRows.sqlSeq(seq)) AND m.from_uid = \(uid)
                """, logger: logger)
            for try await last in rows.decode(Int64.self) { return UInt64(clamping: last) }
            return 0
        }
    }
}
