import JindouCore
import JindouProtocol
import Logging
import NIOCore
import PostgresNIO

/// The `messages` table's columns and the conversion of its rows to ``StoredMessage``.
enum PostgresMessageRows {
    /// The columns every message query selects (table alias `m`).
    static let columns = """
        m.message_id, m.seq, m.client_msg_no, m.from_uid, m.timestamp, m.setting, m.flags, m.expire, m.topic, m.payload
        """

    /// Decodes a row selected with ``columns`` (by position: the first ten columns).
    static func message(_ row: PostgresRow, channel: ChannelKey) throws -> StoredMessage {
        let cells = PostgresRandomAccessRow(row)
        let payload = try cells[9].decode(ByteBuffer.self)
        return StoredMessage(
            messageID: try cells[0].decode(Int64.self),
            channel: channel,
            seq: UInt64(clamping: try cells[1].decode(Int64.self)),
            clientMsgNo: try cells[2].decode(String.self),
            fromUID: try cells[3].decode(String.self),
            timestamp: Int32(truncatingIfNeeded: try cells[4].decode(Int64.self)),
            setting: MessageSetting(rawValue: UInt8(truncatingIfNeeded: try cells[5].decode(Int16.self))),
            flags: PacketFlags(rawValue: UInt8(truncatingIfNeeded: try cells[6].decode(Int16.self))),
            expire: UInt32(truncatingIfNeeded: try cells[7].decode(Int64.self)),
            topic: try cells[8].decode(String.self),
            payload: Array(payload.readableBytesView))
    }

    /// Runs a query selecting ``columns`` then the channel's `channel_id` and `channel_type`.
    static func messagesWithChannels(
        _ query: PostgresQuery, on connection: PostgresConnection, logger: Logger
    ) async throws -> [StoredMessage] {
        var messages: [StoredMessage] = []
        for try await row in try await connection.query(query, logger: logger) {
            let cells = PostgresRandomAccessRow(row)
            let channel = ChannelKey(
                id: try cells[10].decode(String.self),
                type: ChannelType(UInt8(truncatingIfNeeded: try cells[11].decode(Int16.self))))
            messages.append(try message(row, channel: channel))
        }
        return messages
    }

    /// PostgreSQL's BIGINT is signed: seq bounds above `Int64.max` mean "no bound".
    static func sqlSeq(_ seq: UInt64) -> Int64 {
        Int64(clamping: seq)
    }
}
