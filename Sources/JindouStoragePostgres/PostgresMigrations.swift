import Logging
import PostgresNIO

/// The PostgreSQL schema, as versioned migrations applied in order at startup, each in its own
/// transaction, under an advisory lock (two nodes starting at once migrate once).
enum PostgresMigrations {
    struct Migration: Sendable {
        var id: String
        var sql: [String]
    }

    /// Every migration, in order. Never edit one that has shipped: add the next.
    static let all: [Migration] = [
        Migration(
            id: "0001-channels-and-messages",
            sql: [
                """
                CREATE TABLE channels (
                    id BIGSERIAL PRIMARY KEY,
                    channel_id TEXT NOT NULL,
                    channel_type SMALLINT NOT NULL,
                    last_seq BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    UNIQUE (channel_id, channel_type)
                )
                """,
                """
                CREATE TABLE messages (
                    message_id BIGINT PRIMARY KEY,
                    channel_ref BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    client_msg_no TEXT NOT NULL,
                    from_uid TEXT NOT NULL,
                    timestamp BIGINT NOT NULL,
                    setting SMALLINT NOT NULL,
                    flags SMALLINT NOT NULL,
                    expire BIGINT NOT NULL,
                    topic TEXT NOT NULL,
                    payload BYTEA NOT NULL,
                    UNIQUE (channel_ref, seq)
                )
                """,
                """
                CREATE UNIQUE INDEX messages_by_client_msg_no ON messages (channel_ref, client_msg_no, from_uid)
                    WHERE client_msg_no <> ''
                """,
            ])
    ]

    /// An arbitrary constant: the advisory lock that serializes migrations across nodes.
    private static let lockKey: Int64 = 0x6A69_6E64_6F75

    /// Applies the missing migrations; returns the id of the last one.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws -> String {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS jindou_migrations (
                        id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied: Set<String> = []
                for try await id in try await connection.query("SELECT id FROM jindou_migrations", logger: logger)
                    .decode(String.self)
                {
                    applied.insert(id)
                }
                let known = Set(all.map(\.id))
                let unknown = applied.subtracting(known)
                guard unknown.isEmpty else {
                    throw PostgresSchemaError(
                        "the database was migrated by a newer version (unknown migrations: \(unknown.sorted().joined(separator: ", ")))"
                    )
                }
                for migration in all where !applied.contains(migration.id) {
                    logger.info("migrating the PostgreSQL schema", metadata: ["migration": "\(migration.id)"])
                    try await connection.withTransaction(logger: logger) { connection in
                        for statement in migration.sql {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query(
                            "INSERT INTO jindou_migrations (id) VALUES (\(migration.id))", logger: logger)
                    }
                }
                try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
            return all.last?.id ?? ""
        }
    }
}

/// The database's schema is not one this version can use.
struct PostgresSchemaError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
