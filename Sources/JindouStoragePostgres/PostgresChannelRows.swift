import JindouCore
import JindouStorage
import Logging
import PostgresNIO

/// The SQL of the `channels` and `channel_members` tables, run inside a caller's transaction.
enum PostgresChannelRows {
    /// The row id of a channel, nil if it has no row.
    static func ref(of channel: ChannelKey, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT id FROM channels WHERE channel_id = \(channel.id) AND channel_type = \(type(channel))",
            logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    /// The row id of a channel, creating an unconfigured row (`updated_at` NULL) if needed.
    static func ensureRef(
        of channel: ChannelKey, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        let rows = try await connection.query(
            """
            INSERT INTO channels (channel_id, channel_type, created_at)
            VALUES (\(channel.id), \(type(channel)), \(nowSeconds()))
            ON CONFLICT (channel_id, channel_type) DO NOTHING RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        guard let id = try await ref(of: channel, on: connection, logger: logger) else {
            throw StorageError(.ioFailure, "\(channel) was deleted while it was being created")
        }
        return id
    }

    /// The row id of a channel, created if needed and marked configured (loaded at startup).
    /// Locks the row until the transaction ends.
    static func configuredRef(
        of channel: ChannelKey, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        let now = nowSeconds()
        let rows = try await connection.query(
            """
            INSERT INTO channels (channel_id, channel_type, created_at, updated_at)
            VALUES (\(channel.id), \(type(channel)), \(now), \(now))
            ON CONFLICT (channel_id, channel_type) DO UPDATE SET updated_at = excluded.updated_at RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError(.ioFailure, "creating \(channel) returned no row")
    }

    /// Adds uids to a list, ignoring those already in it.
    static func insertMembers(
        _ uids: [String], list: MemberList, channelRef: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !uids.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO channel_members (channel_ref, list, uid, created_at)
            SELECT \(channelRef), \(Int16(list.rawValue)), u, \(nowSeconds()) FROM UNNEST(\(uids)::text[]) AS u
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Deletes channel rows (their messages, lists and conversations go with them, by cascade)
    /// after locking them in id order; returns how many messages went.
    @discardableResult
    static func deleteChannels(_ refs: [Int64], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard !refs.isEmpty else { return 0 }
        try await lockInOrder(refs, on: connection, logger: logger)
        let deleted = try await count(
            "WITH d AS (DELETE FROM messages WHERE channel_ref = ANY(\(refs)::bigint[]) RETURNING 1) SELECT count(*) FROM d",
            on: connection, logger: logger)
        try await connection.query("DELETE FROM channels WHERE id = ANY(\(refs)::bigint[])", logger: logger)
        return deleted
    }

    /// Locks channel rows in id order: the order the append writer locks them in, so the two never
    /// deadlock.
    static func lockInOrder(_ refs: [Int64], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            "SELECT id FROM channels WHERE id = ANY(\(refs)::bigint[]) ORDER BY id FOR UPDATE", logger: logger)
    }

    /// Runs a query whose single row holds one count.
    static func count(_ query: PostgresQuery, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        for try await count in try await connection.query(query, logger: logger).decode(Int64.self) {
            return Int(count)
        }
        return 0
    }

    static func type(_ channel: ChannelKey) -> Int16 {
        Int16(channel.type.rawValue)
    }

    /// Unix seconds, for created_at and updated_at.
    static func nowSeconds() -> Int64 {
        WallClock.nowMilliseconds() / 1000
    }
}
