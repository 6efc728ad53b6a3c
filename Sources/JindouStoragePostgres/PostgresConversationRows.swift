import JindouCore
import Logging
import PostgresNIO

/// The SQL of the `conversations` table, run inside a caller's transaction.
enum PostgresConversationRows {
    /// Creates missing conversations of `uids` with the read cursor at the channel's last seq; an
    /// existing one is left as it is.
    static func createIfMissing(
        _ uids: [String], channelRef: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !uids.isEmpty else { return }
        let now = WallClock.nowMilliseconds()
        try await connection.query(
            """
            INSERT INTO conversations (uid, channel_ref, read_seq, deleted_seq, created_at, updated_at)
            SELECT u, c.id, c.last_seq, 0, \(now / 1000), \(now)
            FROM UNNEST(\(uids)::text[]) AS u CROSS JOIN channels c WHERE c.id = \(channelRef)
            ON CONFLICT (uid, channel_ref) DO NOTHING
            """, logger: logger)
    }

    /// Conversations follow list membership outside person channels: uids added to the
    /// subscribers get one, uids added to the denylist lose theirs.
    static func followAdded(
        _ uids: [String], to list: MemberList, of channel: ChannelKey, channelRef: Int64,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard channel.type != .person else { return }
        switch list {
        case .subscribers: try await createIfMissing(uids, channelRef: channelRef, on: connection, logger: logger)
        case .denylist: try await delete(uids, channelRef: channelRef, on: connection, logger: logger)
        case .allowlist: break
        }
    }

    /// Deletes the conversations of `uids` in a channel.
    static func delete(
        _ uids: [String], channelRef: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !uids.isEmpty else { return }
        try await connection.query(
            "DELETE FROM conversations WHERE channel_ref = \(channelRef) AND uid = ANY(\(uids)::text[])",
            logger: logger)
    }
}
