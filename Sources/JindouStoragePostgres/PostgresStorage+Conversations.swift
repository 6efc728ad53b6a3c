import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// A user's conversations, most recently updated first.
    package func conversations(of uid: String, limit: Int) async throws(StorageError) -> [ConversationRecord] {
        let logger = self.logger
        return try await read("reading the conversations of \(uid)") { connection in
            let rows = try await connection.query(
                """
                SELECT c.channel_id, c.channel_type, v.read_seq, v.deleted_seq, v.updated_at
                FROM conversations v JOIN channels c ON c.id = v.channel_ref
                WHERE v.uid = \(uid) ORDER BY v.updated_at DESC LIMIT \(Int64(max(0, limit)))
                """, logger: logger)
            var records: [ConversationRecord] = []
            for try await (id, type, readSeq, deletedSeq, updatedAt) in rows.decode(
                (String, Int16, Int64, Int64, Int64).self)
            {
                records.append(
                    ConversationRecord(
                        uid: uid, channel: ChannelKey(id: id, type: ChannelType(UInt8(truncatingIfNeeded: type))),
                        readSeq: UInt64(clamping: readSeq), deletedSeq: UInt64(clamping: deletedSeq),
                        updatedAt: updatedAt))
            }
            return records
        }
    }

    /// One conversation, nil if the user has none for the channel.
    package func conversation(of uid: String, in channel: ChannelKey) async throws(StorageError) -> ConversationRecord?
    {
        let logger = self.logger
        return try await read("reading the conversation of \(uid) in \(channel)") { connection in
            let rows = try await connection.query(
                """
                SELECT v.read_seq, v.deleted_seq, v.updated_at
                FROM conversations v JOIN channels c ON c.id = v.channel_ref
                WHERE v.uid = \(uid) AND c.channel_id = \(channel.id)
                  AND c.channel_type = \(PostgresChannelRows.type(channel))
                """, logger: logger)
            for try await (readSeq, deletedSeq, updatedAt) in rows.decode((Int64, Int64, Int64).self) {
                return ConversationRecord(
                    uid: uid, channel: channel, readSeq: UInt64(clamping: readSeq),
                    deletedSeq: UInt64(clamping: deletedSeq), updatedAt: updatedAt)
            }
            return nil
        }
    }

    /// Creates missing conversations with the read cursor at the channel's last seq.
    package func createConversations(for uids: [String], in channel: ChannelKey) async throws(StorageError) {
        let logger = self.logger
        try await write("creating conversations in \(channel)") { connection in
            let ref = try await PostgresChannelRows.ensureRef(of: channel, on: connection, logger: logger)
            try await PostgresConversationRows.createIfMissing(uids, channelRef: ref, on: connection, logger: logger)
        }
    }

    /// Moves a read cursor forward, creating the conversation if needed.
    package func markRead(uid: String, in channel: ChannelKey, upTo seq: UInt64) async throws(StorageError) {
        let logger = self.logger
        try await write("marking \(channel) read for \(uid)") { connection in
            let ref = try await PostgresChannelRows.ensureRef(of: channel, on: connection, logger: logger)
            let now = WallClock.nowMilliseconds()
            try await connection.query(
                """
                INSERT INTO conversations (uid, channel_ref, read_seq, deleted_seq, created_at, updated_at)
                VALUES (\(uid), \(ref), \(PostgresMessageRows.sqlSeq(seq)), 0, \(now / 1000), \(now))
                ON CONFLICT (uid, channel_ref) DO UPDATE
                    SET read_seq = excluded.read_seq, updated_at = excluded.updated_at
                    WHERE excluded.read_seq > conversations.read_seq
                """, logger: logger)
        }
    }

    /// Hides a conversation up to the channel's current last seq and marks it read.
    package func hideConversation(uid: String, in channel: ChannelKey) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting the conversation of \(uid) in \(channel)") { connection in
            try await PostgresChannelRows.count(
                """
                WITH h AS (
                    UPDATE conversations v
                    SET deleted_seq = c.last_seq, read_seq = greatest(v.read_seq, c.last_seq),
                        updated_at = \(WallClock.nowMilliseconds())
                    FROM channels c
                    WHERE c.id = v.channel_ref AND v.uid = \(uid) AND c.channel_id = \(channel.id)
                      AND c.channel_type = \(PostgresChannelRows.type(channel))
                    RETURNING 1)
                SELECT count(*) FROM h
                """, on: connection, logger: logger) > 0
        }
    }

    /// Deletes the conversations of these uids in a channel.
    package func deleteConversations(for uids: [String], in channel: ChannelKey) async throws(StorageError) {
        let logger = self.logger
        try await write("deleting conversations in \(channel)") { connection in
            guard let ref = try await PostgresChannelRows.ref(of: channel, on: connection, logger: logger) else {
                return
            }
            try await PostgresConversationRows.delete(uids, channelRef: ref, on: connection, logger: logger)
        }
    }
}
