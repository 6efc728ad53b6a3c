import GRDB

/// The schema, as a list of named, versioned migrations.
///
/// Migrations are append-only: a release never edits or removes one that has shipped, it
/// registers a new one after the last. `DatabaseMigrator` records each applied identifier in
/// `grdb_migrations`, so opening an existing data directory applies only the missing ones.
enum Migrations {
    /// The identifiers of every migration this version knows, in order.
    static var identifiers: [String] { migrator.migrations }

    /// Each migration's identifier and what it does, in order.
    private static let steps: [(String, @Sendable (Database) throws -> Void)] = [
        ("0001-channels-and-users", createChannelsAndUsers),
        ("0002-messages", createMessages),
        ("0003-client-msg-no-index", convertDedupIndex),
        ("0004-system-uids-conversations-owners", createSystemUIDsAndConversations),
        ("0005-audit-log-and-activity", createAuditLogAndActivity),
        ("0006-user-profiles", addUserProfiles),
        ("0007-health-probe", createHealthProbe),
        ("0008-webhooks", createWebhookTables),
        ("0009-channel-seq-floor", addChannelSeqFloor),
    ]

    /// The migrator with every migration registered.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        for (identifier, migrate) in steps {
            migrator.registerMigration(identifier, migrate: migrate)
        }
        return migrator
    }()

    /// Channels, their member lists, users and device tokens.
    private static func createChannelsAndUsers(_ db: Database) throws {
        try db.execute(
            sql: """
                -- One row per channel: configured ones (updated_at set by saveChannelInfo or a
                -- member change) and ones created implicitly by their first message
                -- (updated_at NULL). Person channels use the internal "X@Y" id.
                CREATE TABLE channels (
                    id INTEGER PRIMARY KEY,
                    channel_id TEXT NOT NULL,
                    channel_type INTEGER NOT NULL,
                    ban INTEGER NOT NULL DEFAULT 0,
                    disband INTEGER NOT NULL DEFAULT 0,
                    send_ban INTEGER NOT NULL DEFAULT 0,
                    large INTEGER NOT NULL DEFAULT 0,
                    allow_stranger INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER,
                    UNIQUE (channel_id, channel_type)
                );

                -- list: 0 subscribers, 1 allowlist, 2 denylist (MemberList raw values).
                CREATE TABLE channel_members (
                    channel_ref INTEGER NOT NULL REFERENCES channels(id),
                    list INTEGER NOT NULL,
                    uid TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (channel_ref, list, uid)
                ) WITHOUT ROWID;
                -- uid -> (channel_ref, list) without a scan (the primary key columns ride along).
                CREATE INDEX channel_members_by_uid ON channel_members(uid);

                CREATE TABLE users (
                    uid TEXT NOT NULL PRIMARY KEY,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE devices (
                    uid TEXT NOT NULL REFERENCES users(uid),
                    device_flag INTEGER NOT NULL,
                    token TEXT NOT NULL,
                    level INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (uid, device_flag)
                ) WITHOUT ROWID;
                """)
    }

    /// The message logs, as first shipped. A migration never changes once released.
    ///
    /// Rows are keyed by their snowflake message id, which only grows, so the table itself is
    /// an append log whatever the channel. The per-channel structures are two compact indexes:
    /// (channel_ref, seq) for ranges and the next seq, and one for deduplication, replaced by
    /// ``convertDedupIndex(_:)``. (One pre-release build created that index UNIQUE and hashed
    /// from_uid with the client_msg_no; the conversion handles both, since it recomputes every
    /// hash from client_msg_no and drops the index by name.)
    private static func createMessages(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE messages (
                    message_id INTEGER PRIMARY KEY,
                    channel_ref INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    client_msg_no TEXT NOT NULL,
                    dedup_hash INTEGER,
                    from_uid TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    setting INTEGER NOT NULL,
                    flags INTEGER NOT NULL,
                    expire INTEGER NOT NULL,
                    topic TEXT NOT NULL,
                    payload BLOB NOT NULL
                );
                CREATE UNIQUE INDEX messages_by_channel_seq ON messages(channel_ref, seq);
                CREATE INDEX messages_by_dedup_hash ON messages(channel_ref, dedup_hash)
                    WHERE dedup_hash IS NOT NULL;
                """)
    }

    /// Replaces the deduplication index by one that also serves lookups by (channel,
    /// client_msg_no): a unique (channel_ref, client_msg_no_hash, from_uid), where
    /// `client_msg_no_hash` is ``DedupHash`` of the client_msg_no alone (a fixed, stored function
    /// that must never change; NULL when the client sent no client_msg_no or, in the
    /// astronomically rare case of a hash collision, for the newcomer). Existing rows are hashed
    /// here; dropping `dedup_hash` rewrites the table once.
    private static func convertDedupIndex(_ db: Database) throws {
        let hashFunction = DatabaseFunction("jindou_client_msg_no_hash", argumentCount: 1, pure: true) { values in
            guard let clientMsgNo = String.fromDatabaseValue(values[0]) else { return nil }
            return DedupHash.of(clientMsgNo: clientMsgNo)
        }
        db.add(function: hashFunction)
        defer { db.remove(function: hashFunction) }
        try db.execute(
            sql: """
                ALTER TABLE messages ADD COLUMN client_msg_no_hash INTEGER;
                UPDATE messages SET client_msg_no_hash = jindou_client_msg_no_hash(client_msg_no)
                    WHERE client_msg_no <> '' AND dedup_hash IS NOT NULL;
                DROP INDEX messages_by_dedup_hash;
                ALTER TABLE messages DROP COLUMN dedup_hash;
                CREATE UNIQUE INDEX messages_by_client_msg_no
                    ON messages(channel_ref, client_msg_no_hash, from_uid)
                    WHERE client_msg_no_hash IS NOT NULL;
                """)
    }

    /// System uids, conversations (read and delete cursors), and the `system` and `owner`
    /// attributes of channels.
    private static func createSystemUIDsAndConversations(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE channels ADD COLUMN system INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE channels ADD COLUMN owner TEXT NOT NULL DEFAULT '';
                -- The channels a user owns, for deleting them with the user.
                CREATE INDEX channels_by_owner ON channels(owner) WHERE owner <> '';

                CREATE TABLE system_uids (
                    uid TEXT NOT NULL PRIMARY KEY,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                -- One row per (user, channel) the user has a conversation with. Unread counts are
                -- derived: the channel's last seq minus read_seq. deleted_seq hides the
                -- conversation until a message above it arrives. updated_at is in milliseconds.
                CREATE TABLE conversations (
                    uid TEXT NOT NULL,
                    channel_ref INTEGER NOT NULL REFERENCES channels(id),
                    read_seq INTEGER NOT NULL DEFAULT 0,
                    deleted_seq INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (uid, channel_ref)
                ) WITHOUT ROWID;
                CREATE INDEX conversations_by_channel ON conversations(channel_ref);
                """)
    }

    /// The append-only audit trail (triggers refuse UPDATE and DELETE) with a uid index table,
    /// and users' last activity.
    private static func createAuditLogAndActivity(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    client_ip TEXT NOT NULL,
                    user_agent TEXT NOT NULL,
                    action TEXT NOT NULL,
                    uids TEXT NOT NULL,
                    channel_id TEXT NOT NULL,
                    channel_type INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    before TEXT NOT NULL,
                    after TEXT NOT NULL
                );
                CREATE INDEX audit_log_by_time ON audit_log(time);
                CREATE INDEX audit_log_by_action ON audit_log(action, id);
                CREATE INDEX audit_log_by_channel ON audit_log(channel_id, id) WHERE channel_id <> '';
                CREATE TABLE audit_uids (
                    uid TEXT NOT NULL,
                    audit_id INTEGER NOT NULL REFERENCES audit_log(id),
                    PRIMARY KEY (uid, audit_id)
                ) WITHOUT ROWID;
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_uids_no_delete BEFORE DELETE ON audit_uids
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

                -- Unix milliseconds of each user's last connect, disconnect or send.
                CREATE TABLE user_activity (
                    uid TEXT NOT NULL PRIMARY KEY,
                    last_active_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
    }

    /// Easemob-style user attributes: a stable uuid, a nickname, and millisecond creation and
    /// modification times (the creation order pages `GET /users`).
    private static func addUserProfiles(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE users ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
                ALTER TABLE users ADD COLUMN nickname TEXT NOT NULL DEFAULT '';
                ALTER TABLE users ADD COLUMN created_ms INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE users ADD COLUMN modified_ms INTEGER NOT NULL DEFAULT 0;
                UPDATE users SET created_ms = created_at * 1000, modified_ms = created_at * 1000,
                    uuid = \(UserRows.randomUUIDExpression);
                CREATE INDEX users_by_creation ON users(created_ms, uid);
                """)
    }

    /// One row that readiness checks rewrite to learn whether the database accepts writes again
    /// after a failure (a full disk, say); its padding makes the probe need room like an append.
    private static func createHealthProbe(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE health_probe (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    probed_at INTEGER NOT NULL,
                    padding BLOB NOT NULL
                );
                """)
    }

    /// The webhooks' watermarks (how far each stream has delivered the message log) and dead
    /// letters (requests given up after their maximum age, kept until replayed).
    private static func createWebhookTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE webhook_watermarks (
                    stream TEXT PRIMARY KEY,
                    message_id INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE webhook_dead_letters (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    body BLOB NOT NULL,
                    item_count INTEGER NOT NULL,
                    first_attempt_at INTEGER NOT NULL,
                    dead_at INTEGER NOT NULL,
                    attempts INTEGER NOT NULL,
                    last_error TEXT NOT NULL
                );
                CREATE INDEX webhook_dead_letters_by_event ON webhook_dead_letters(event, id);
                """)
    }

    /// A per-channel floor under the last seq: the channel's last seq before a purge deleted some
    /// of its messages (0 until then). The last seq is the larger of it and the largest stored
    /// seq, so a purge of a channel's newest messages never lets their seqs be handed out again.
    /// Appends never write it. Purges from before this migration are not recoverable: it starts
    /// at 0 everywhere.
    private static func addChannelSeqFloor(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE channels ADD COLUMN seq_floor INTEGER NOT NULL DEFAULT 0")
    }
}
