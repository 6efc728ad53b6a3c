import Foundation
import GRDB
import JindouCore

/// The SQL of the `conversations` table.
enum ConversationRows {
    static let selectOfUser = """
        SELECT c.channel_id, c.channel_type, v.read_seq, v.deleted_seq, v.updated_at
        FROM conversations v JOIN channels c ON c.id = v.channel_ref
        WHERE v.uid = ? ORDER BY v.updated_at DESC LIMIT ?
        """

    static let selectOne = """
        SELECT read_seq, deleted_seq, updated_at FROM conversations WHERE uid = ? AND channel_ref = ?
        """

    /// Creates a conversation with a read cursor; an existing one is left as it is.
    static let insertIfMissing = """
        INSERT INTO conversations (uid, channel_ref, read_seq, deleted_seq, created_at, updated_at)
        VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (uid, channel_ref) DO NOTHING
        """

    /// Moves the read cursor forward only.
    static let upsertRead = """
        INSERT INTO conversations (uid, channel_ref, read_seq, deleted_seq, created_at, updated_at)
        VALUES (?, ?, ?, 0, ?, ?)
        ON CONFLICT (uid, channel_ref) DO UPDATE SET read_seq = excluded.read_seq, updated_at = excluded.updated_at
            WHERE excluded.read_seq > conversations.read_seq
        """

    static let hide = """
        UPDATE conversations SET deleted_seq = ?, read_seq = max(read_seq, ?), updated_at = ?
        WHERE uid = ? AND channel_ref = ?
        """

    static let delete = "DELETE FROM conversations WHERE uid = ? AND channel_ref = ?"

    /// Milliseconds since the Unix epoch.
    static func nowMilliseconds() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }

    /// Creates missing conversations of `uids` with the read cursor at the channel's last seq.
    static func createIfMissing(_ uids: some Sequence<String>, channelRef: Int64, in db: Database) throws {
        let lastSeq = MessageRows.sqlSeq(try MessageRows.lastSeq(channelRef: channelRef, in: db))
        let now = nowMilliseconds()
        let statement = try db.cachedStatement(sql: insertIfMissing)
        for uid in uids {
            try statement.execute(arguments: [uid, channelRef, lastSeq, now / 1000, now])
        }
    }

    /// Deletes the conversations of `uids` in a channel.
    static func delete(_ uids: some Sequence<String>, channelRef: Int64, in db: Database) throws {
        let statement = try db.cachedStatement(sql: delete)
        for uid in uids {
            try statement.execute(arguments: [uid, channelRef])
        }
    }
}
