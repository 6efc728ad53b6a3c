import Foundation
import GRDB
import JindouCore

/// The SQL of the `channels` table: finding and creating a channel's row id (`channel_ref`), and
/// its seq floor.
enum ChannelRows {
    static let selectRef = "SELECT id FROM channels WHERE channel_id = ? AND channel_type = ?"

    static let insertImplicit = """
        INSERT INTO channels (channel_id, channel_type, created_at) VALUES (?, ?, ?)
        """

    /// The row id of a channel, nil if it has no row.
    static func ref(of channel: ChannelKey, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: selectRef), arguments: [channel.id, Int64(channel.type.rawValue)])
    }

    /// The row id of a channel, creating an unconfigured row (`updated_at` NULL) if needed.
    /// Must run inside a write transaction.
    static func ensureRef(of channel: ChannelKey, now: Int64, in db: Database) throws -> Int64 {
        if let ref = try ref(of: channel, in: db) { return ref }
        try db.cachedStatement(sql: insertImplicit).execute(arguments: [channel.id, Int64(channel.type.rawValue), now])
        return db.lastInsertedRowID
    }

    static let raiseSeqFloor = "UPDATE channels SET seq_floor = ? WHERE id = ? AND seq_floor < ?"

    /// Raises a channel row's seq floor (the last seq it keeps when its newest messages are
    /// deleted) to `seq`; a higher floor is kept. Must run inside a write transaction.
    static func raiseSeqFloor(ref: Int64, to seq: UInt64, in db: Database) throws {
        let floor = MessageRows.sqlSeq(seq)
        try db.cachedStatement(sql: raiseSeqFloor).execute(arguments: [floor, ref, floor])
    }

    /// Unix seconds, for the created_at and updated_at columns.
    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
