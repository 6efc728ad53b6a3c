import Foundation
import GRDB
import JindouCore

/// The SQL of the `channels` table: finding and creating a channel's row id (`channel_ref`).
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

    /// Unix seconds, for the created_at and updated_at columns.
    static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
