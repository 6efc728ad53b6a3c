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

    static let insert = """
        INSERT INTO messages (message_id, channel_ref, seq, client_msg_no, dedup_hash, from_uid,
                              timestamp, setting, flags, expire, topic, payload)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The stored message of one channel with a given client_msg_no hash, exact client_msg_no and
    /// from_uid. Deduplication keeps at most one such row, so no ordering is needed.
    ///
    /// `INDEXED BY` pins the dedup index: with bound parameters (and any `ORDER BY seq`) SQLite's
    /// planner otherwise prefers `messages_by_channel_seq` and scans the whole channel on every
    /// append, which made appends quadratic in the channel's length.
    static let selectByDedupKey = """
        SELECT \(columns) FROM messages INDEXED BY messages_by_dedup_hash
        WHERE channel_ref = ? AND dedup_hash = ? AND client_msg_no = ? AND from_uid = ?
        LIMIT 1
        """

    static let selectLastSeq = "SELECT max(seq) FROM messages WHERE channel_ref = ?"

    static let selectOldestInRange = """
        SELECT \(columns) FROM messages
        WHERE channel_ref = ? AND seq BETWEEN ? AND ? ORDER BY seq ASC LIMIT ?
        """

    static let selectNewestInRange = """
        SELECT \(columns) FROM messages
        WHERE channel_ref = ? AND seq BETWEEN ? AND ? ORDER BY seq DESC LIMIT ?
        """

    static let selectMaxMessageID = "SELECT max(message_id) FROM messages"

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

    /// The arguments of ``insert`` for a message about to be stored.
    static func insertArguments(_ message: StoredMessage, channelRef: Int64) -> StatementArguments {
        let dedupHash: Int64? = message.clientMsgNo.isEmpty ? nil : DedupHash.of(message.clientMsgNo)
        return [
            message.messageID,
            channelRef,
            Int64(message.seq),
            message.clientMsgNo,
            dedupHash,
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
