import Logging
import PostgresNIO

/// The PostgreSQL schema, as versioned migrations applied in order at startup, each in its own
/// transaction, under an advisory lock (two nodes starting at once migrate once).
package enum PostgresMigrations {
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
            ]),
        Migration(id: "0002-everything-else", sql: everythingElse),
        Migration(
            id: "0003-cluster-nodes",
            sql: [
                """
                -- The nodes sharing this database: who they are, where clients reach them, and their
                -- last heartbeat (Unix milliseconds by the database's clock, so nodes' clocks may differ).
                CREATE TABLE cluster_nodes (
                    node_id INTEGER PRIMARY KEY,
                    incarnation TEXT NOT NULL,
                    version TEXT NOT NULL,
                    http_addr TEXT NOT NULL,
                    tcp_addr TEXT NOT NULL,
                    ws_addr TEXT NOT NULL,
                    external_tcp TEXT NOT NULL,
                    external_ws TEXT NOT NULL,
                    external_wss TEXT NOT NULL,
                    connections INTEGER NOT NULL DEFAULT 0,
                    started_at BIGINT NOT NULL,
                    heartbeat_at BIGINT NOT NULL
                )
                """
            ]),
        Migration(
            id: "0004-cluster-presence",
            sql: [
                """
                -- Which node holds which connection. Unlogged: it describes live processes, so
                -- after a database crash it starts empty and the nodes write it again.
                CREATE UNLOGGED TABLE cluster_presence (
                    node_id INTEGER NOT NULL,
                    conn_id BIGINT NOT NULL,
                    uid TEXT COLLATE "C" NOT NULL,
                    device_flag SMALLINT NOT NULL,
                    connected_at BIGINT NOT NULL,
                    PRIMARY KEY (node_id, conn_id)
                )
                """,
                "CREATE INDEX cluster_presence_by_uid ON cluster_presence (uid)",
            ]),
        Migration(
            id: "0005-outbox-takeover",
            sql: [
                """
                -- A lost node's msg.notify outbox (the messages it committed and had not yet sent)
                -- is sent by another node: the one holding it now, and whether all of it was sent.
                -- A node that registers again takes its outbox back.
                ALTER TABLE cluster_nodes
                    ADD COLUMN outbox_holder INTEGER,
                    ADD COLUMN outbox_drained BOOLEAN NOT NULL DEFAULT false
                """
            ]),
    ]

    /// Channel flags and lists, users and devices, system uids, conversations, the append-only
    /// audit log, last activity, the readiness probe and the webhooks' tables: the rest of what
    /// the SQLite schema holds, in PostgreSQL's types.
    private static let everythingElse = [
        """
        ALTER TABLE channels
            ADD COLUMN ban BOOLEAN NOT NULL DEFAULT false,
            ADD COLUMN disband BOOLEAN NOT NULL DEFAULT false,
            ADD COLUMN send_ban BOOLEAN NOT NULL DEFAULT false,
            ADD COLUMN large BOOLEAN NOT NULL DEFAULT false,
            ADD COLUMN allow_stranger BOOLEAN NOT NULL DEFAULT false,
            ADD COLUMN system BOOLEAN NOT NULL DEFAULT false,
            ADD COLUMN owner TEXT NOT NULL DEFAULT '',
            -- NULL until the channel's info is saved or a list changes (a channel created by its
            -- first message only): configured channels are the ones loaded at startup.
            ADD COLUMN updated_at BIGINT
        """,
        "CREATE INDEX channels_by_owner ON channels (owner) WHERE owner <> ''",
        "CREATE INDEX channels_configured ON channels (id) WHERE updated_at IS NOT NULL",
        """
        -- list: 0 subscribers, 1 allowlist, 2 denylist (MemberList raw values).
        CREATE TABLE channel_members (
            channel_ref BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
            list SMALLINT NOT NULL,
            uid TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (channel_ref, list, uid)
        )
        """,
        "CREATE INDEX channel_members_by_uid ON channel_members (uid)",
        """
        -- Byte order (COLLATE "C"), as in SQLite, so that paging by (created_ms, uid) is the same.
        CREATE TABLE users (
            uid TEXT COLLATE "C" PRIMARY KEY,
            uuid TEXT NOT NULL,
            nickname TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            created_ms BIGINT NOT NULL,
            modified_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX users_by_creation ON users (created_ms, uid)",
        """
        CREATE TABLE devices (
            uid TEXT COLLATE "C" NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
            device_flag SMALLINT NOT NULL,
            token TEXT NOT NULL,
            level SMALLINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (uid, device_flag)
        )
        """,
        """
        CREATE TABLE system_uids (
            uid TEXT COLLATE "C" PRIMARY KEY,
            created_at BIGINT NOT NULL
        )
        """,
        """
        -- One row per (user, channel) the user has a conversation with; unread = the channel's
        -- last_seq - read_seq; deleted_seq hides it until a newer message. updated_at in ms.
        CREATE TABLE conversations (
            uid TEXT NOT NULL,
            channel_ref BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
            read_seq BIGINT NOT NULL DEFAULT 0,
            deleted_seq BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (uid, channel_ref)
        )
        """,
        "CREATE INDEX conversations_by_channel ON conversations (channel_ref)",
        "CREATE INDEX conversations_by_recency ON conversations (uid, updated_at DESC)",
        """
        CREATE TABLE audit_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            time BIGINT NOT NULL,
            actor TEXT NOT NULL,
            client_ip TEXT NOT NULL,
            user_agent TEXT NOT NULL,
            action TEXT NOT NULL,
            uids TEXT[] NOT NULL,
            channel_id TEXT NOT NULL,
            channel_type SMALLINT NOT NULL,
            reason TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_log_by_time ON audit_log (time)",
        "CREATE INDEX audit_log_by_action ON audit_log (action, id)",
        "CREATE INDEX audit_log_by_channel ON audit_log (channel_id, id) WHERE channel_id <> ''",
        "CREATE INDEX audit_log_by_uid ON audit_log USING GIN (uids)",
        """
        CREATE FUNCTION jindou_audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """,
        """
        CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION jindou_audit_log_is_append_only()
        """,
        """
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION jindou_audit_log_is_append_only()
        """,
        """
        -- Unix milliseconds of each user's last connect, disconnect or send.
        CREATE TABLE user_activity (
            uid TEXT PRIMARY KEY,
            last_active_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE health_probe (
            id SMALLINT PRIMARY KEY CHECK (id = 1),
            probed_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_watermarks (
            stream TEXT PRIMARY KEY,
            message_id BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_dead_letters (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event TEXT NOT NULL,
            event_id TEXT NOT NULL,
            body BYTEA NOT NULL,
            item_count INTEGER NOT NULL,
            first_attempt_at BIGINT NOT NULL,
            dead_at BIGINT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NOT NULL
        )
        """,
        "CREATE INDEX webhook_dead_letters_by_event ON webhook_dead_letters (event, id)",
    ]

    /// An arbitrary constant: the advisory lock that serializes migrations across nodes.
    private static let lockKey: Int64 = 0x6A69_6E64_6F75

    /// Applies the missing migrations; returns the id of the last one.
    package static func migrate(_ client: PostgresClient, logger: Logger) async throws -> String {
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
