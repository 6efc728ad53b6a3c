import Foundation
import GRDB
import JindouCore
import JindouProtocol

/// The SQL of the `messages` table and the conversion between its rows and ``StoredMessage``.
enum MessageRows {
    /// The columns every message query selects, in the order ``decode(_:channel:)`` reads them.
    static let columns = """
        message_id, seq, client_msg_no, from_uid, timestamp, setting, flags, expire, topic, payload
        """

    /// Inserts a message unless it collides with a stored one: the only collision that can
    /// happen is on `messages_by_client_msg_no`, i.e. the same (from_uid, client_msg_no hash) is
    /// already in the channel. Then nothing is written and `changes()` is 0.
    static let insertUnlessDuplicate = """
        INSERT INTO messages (message_id, channel_ref, seq, client_msg_no, client_msg_no_hash, from_uid,
                              timestamp, setting, flags, expire, topic, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """

    /// The stored message of a channel with a given client_msg_no hash and from_uid (at most one:
    /// the index is unique). `INDEXED BY` pins the index: without statistics the planner may
    /// otherwise pick `messages_by_channel_seq` and scan the whole channel.
    static let selectByDedupKey = """
        SELECT \(columns) FROM messages INDEXED BY messages_by_client_msg_no
        WHERE channel_ref = ? AND client_msg_no_hash = ? AND from_uid = ?
        """

    /// The larger of a channel's seq floor and its largest stored seq (two primary-key and index
    /// lookups); no row for a channel row id that does not exist.
    static let selectLastSeq = """
        SELECT max(seq_floor, coalesce((SELECT max(seq) FROM messages WHERE channel_ref = ?), 0))
        FROM channels WHERE id = ?
        """

    /// The last seq a channel row handed out, 0 if none: its largest stored seq, or its seq floor
    /// if a purge deleted its newest messages.
    static func lastSeq(channelRef: Int64, in db: Database) throws -> UInt64 {
        UInt64(
            clamping: try Int64.fetchOne(db.cachedStatement(sql: selectLastSeq), arguments: [channelRef, channelRef])
                ?? 0)
    }

    static let deleteSentBy = "DELETE FROM messages WHERE channel_ref = ? AND from_uid = ?"

    /// Deletes a sender's messages from a channel row and returns how many went. If any did, the
    /// channel's seq floor is raised to its last seq from before, so the seqs of deleted newest
    /// messages are never handed out again. Must run inside a write transaction, whose caller
    /// advances the writer's ``ChannelCacheEpoch``.
    static func purge(sentBy uid: String, channelRef: Int64, in db: Database) throws -> Int {
        let lastSeq = try lastSeq(channelRef: channelRef, in: db)
        try db.cachedStatement(sql: deleteSentBy).execute(arguments: [channelRef, uid])
        let deleted = db.changesCount
        if deleted > 0 {
            try ChannelRows.raiseSeqFloor(ref: channelRef, to: lastSeq, in: db)
        }
        return deleted
    }

    static let selectOldestInRange = """
        SELECT \(columns) FROM messages
        WHERE channel_ref = ? AND seq BETWEEN ? AND ? ORDER BY seq ASC LIMIT ?
        """

    static let selectNewestInRange = """
        SELECT \(columns) FROM messages
        WHERE channel_ref = ? AND seq BETWEEN ? AND ? ORDER BY seq DESC LIMIT ?
        """

    static let selectMaxMessageID = "SELECT max(message_id) FROM messages"

    static let selectBySeq = "SELECT \(columns) FROM messages WHERE channel_ref = ? AND seq = ?"

    static let selectByMessageID = "SELECT \(columns) FROM messages WHERE message_id = ? AND channel_ref = ?"

    /// Every sender's message with a client_msg_no in a channel (the hash narrows the index range;
    /// the text comparison removes collisions).
    static let selectByClientMsgNo = """
        SELECT \(columns) FROM messages INDEXED BY messages_by_client_msg_no
        WHERE channel_ref = ? AND client_msg_no_hash = ? AND client_msg_no = ?
        """

    /// Walks only the seqs above the reader's cursor (the unread range).
    static let selectLastSeqSentBy = "SELECT max(seq) FROM messages WHERE channel_ref = ? AND seq > ? AND from_uid = ?"

    /// Decodes a row selected with ``columns``.
    static func decode(_ row: Row, channel: ChannelKey) throws -> StoredMessage {
        let payload: [UInt8] = try row.withUnsafeData(atIndex: 9) { data in
            data.map { [UInt8]($0) } ?? []
        }
        return StoredMessage(
            messageID: try row.decode(Int64.self, atIndex: 0),
            channel: channel,
            seq: UInt64(clamping: try row.decode(Int64.self, atIndex: 1)),
            clientMsgNo: try row.decode(String.self, atIndex: 2),
            fromUID: try row.decode(String.self, atIndex: 3),
            timestamp: Int32(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 4)),
            setting: MessageSetting(rawValue: UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 5))),
            flags: PacketFlags(rawValue: UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 6))),
            expire: UInt32(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 7)),
            topic: try row.decode(String.self, atIndex: 8),
            payload: payload
        )
    }

    /// The arguments of ``insertUnlessDuplicate`` for a message about to be stored.
    static func insertArguments(
        _ message: StoredMessage, channelRef: Int64, clientMsgNoHash: Int64?
    ) -> StatementArguments {
        [
            message.messageID,
            channelRef,
            Int64(message.seq),
            message.clientMsgNo,
            clientMsgNoHash,
            message.fromUID,
            Int64(message.timestamp),
            Int64(message.setting.rawValue),
            Int64(message.flags.rawValue),
            Int64(message.expire),
            message.topic,
            Data(message.payload),
        ]
    }

    /// SQLite integers are signed 64-bit: seq bounds above `Int64.max` mean "no bound".
    static func sqlSeq(_ seq: UInt64) -> Int64 {
        Int64(clamping: seq)
    }
}
