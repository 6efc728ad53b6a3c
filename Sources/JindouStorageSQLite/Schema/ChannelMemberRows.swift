import GRDB
import JindouCore

/// The SQL of channel configuration: flags in `channels`, lists in `channel_members`.
enum ChannelMemberRows {
    static let upsertInfo = """
        INSERT INTO channels (channel_id, channel_type, ban, disband, send_ban, large, allow_stranger,
                              system, owner, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (channel_id, channel_type) DO UPDATE SET
            ban = excluded.ban, disband = excluded.disband, send_ban = excluded.send_ban,
            large = excluded.large, allow_stranger = excluded.allow_stranger, system = excluded.system,
            owner = excluded.owner, updated_at = excluded.updated_at
        """

    static let markConfigured = "UPDATE channels SET updated_at = ? WHERE id = ?"

    static let insertMember = """
        INSERT INTO channel_members (channel_ref, list, uid, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """

    static let deleteMember = "DELETE FROM channel_members WHERE channel_ref = ? AND list = ? AND uid = ?"

    static let deleteList = "DELETE FROM channel_members WHERE channel_ref = ? AND list = ?"

    static let selectList = "SELECT uid FROM channel_members WHERE channel_ref = ? AND list = ?"

    /// Configured channels: those whose info was saved or whose lists were changed.
    static let selectConfigured = """
        SELECT id, channel_id, channel_type, ban, disband, send_ban, large, allow_stranger, system, owner
        FROM channels WHERE updated_at IS NOT NULL ORDER BY id
        """

    static let selectAllMembers = "SELECT channel_ref, list, uid FROM channel_members"

    static let deleteChannelMembers = "DELETE FROM channel_members WHERE channel_ref = ?"
    static let deleteChannelMessages = "DELETE FROM messages WHERE channel_ref = ?"
    static let deleteChannelConversations = "DELETE FROM conversations WHERE channel_ref = ?"
    static let deleteChannel = "DELETE FROM channels WHERE id = ?"

    /// Deletes a channel row with its messages, conversations and list members; returns how many
    /// messages went. Must run inside a write transaction, whose caller advances the writer's
    /// ``ChannelCacheEpoch``.
    @discardableResult
    static func deleteChannel(ref: Int64, in db: Database) throws -> Int {
        try db.cachedStatement(sql: deleteChannelMessages).execute(arguments: [ref])
        let messages = db.changesCount
        for sql in [deleteChannelConversations, deleteChannelMembers, deleteChannel] {
            try db.cachedStatement(sql: sql).execute(arguments: [ref])
        }
        return messages
    }

    static let selectIsMember = "SELECT 1 FROM channel_members WHERE channel_ref = ? AND list = ? AND uid = ?"

    /// The row id of a channel, created if needed and marked configured (so ``selectConfigured``
    /// returns it). Must run inside a write transaction.
    static func configuredRef(of channel: ChannelKey, now: Int64, in db: Database) throws -> Int64 {
        let ref = try ChannelRows.ensureRef(of: channel, now: now, in: db)
        try db.cachedStatement(sql: markConfigured).execute(arguments: [now, ref])
        return ref
    }

    /// Adds uids to a list, ignoring those already in it.
    static func insert(_ uids: [String], list: MemberList, channelRef: Int64, now: Int64, in db: Database) throws {
        let statement = try db.cachedStatement(sql: insertMember)
        let listValue = Int64(list.rawValue)
        for uid in uids {
            try statement.execute(arguments: [channelRef, listValue, uid, now])
        }
    }
}
