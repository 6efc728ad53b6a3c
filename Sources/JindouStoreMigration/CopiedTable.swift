/// One table that the migration copies: its columns as both databases hold them, the key that
/// orders the copy, and how the target takes the rows.
struct CopiedTable: Sendable {
    /// How a column is stored on each side.
    enum Kind: Sendable {
        /// INTEGER in SQLite, BIGINT in PostgreSQL.
        case bigint
        /// INTEGER in SQLite, INTEGER in PostgreSQL.
        case integer
        /// INTEGER in SQLite, SMALLINT in PostgreSQL.
        case smallint
        /// INTEGER 0/1 in SQLite, BOOLEAN in PostgreSQL.
        case boolean
        case text
        /// BLOB in SQLite, BYTEA in PostgreSQL.
        case bytea
        /// A nullable INTEGER / BIGINT.
        case nullableBigint
        /// A JSON array of strings in SQLite TEXT, TEXT[] in PostgreSQL.
        case textArrayFromJSON
    }

    struct Column: Sendable {
        /// The source's name of the column.
        var name: String
        var kind: Kind
        /// The target's name of the column, when it differs from the source's.
        var targetName: String? = nil

        /// The column's name in the target.
        var target: String { targetName ?? name }
    }

    /// The table's name, the same on both sides.
    var name: String
    var columns: [Column]
    /// The source's primary key columns: batches are read in this order, each after the last key
    /// of the previous one.
    var key: [String]
    /// An identity column (`GENERATED ALWAYS`) whose values are kept: inserted with `OVERRIDING
    /// SYSTEM VALUE`, and its sequence moved past them after the copy.
    var keptIdentity: String? = nil
    /// The messages table: a resumed copy continues after the largest key in the target, and
    /// every batch raises its channels' `last_seq` in the same statement. Other tables are copied
    /// whole on every run, skipping rows the target already has.
    var isMessageLog = false

    /// The index of each key column in ``columns``.
    var keyIndexes: [Int] {
        key.map { name in columns.firstIndex { $0.name == name }! }
    }
}

extension CopiedTable {
    /// Every copied table, parents before children (the target's foreign keys hold after each
    /// batch). `health_probe` is not copied (each store rewrites its own); `audit_uids` is
    /// PostgreSQL's `audit_log.uids` array; `messages.client_msg_no_hash` has no PostgreSQL
    /// counterpart (its dedup index is on the client_msg_no itself). `channels.seq_floor` (the
    /// last seq of a channel whose newest messages were purged) is the first `last_seq`, which
    /// the message batches then raise to the largest copied seq.
    static let all: [CopiedTable] = [
        CopiedTable(
            name: "users",
            columns: [
                .init(name: "uid", kind: .text), .init(name: "uuid", kind: .text),
                .init(name: "nickname", kind: .text), .init(name: "created_at", kind: .bigint),
                .init(name: "created_ms", kind: .bigint), .init(name: "modified_ms", kind: .bigint),
            ],
            key: ["uid"]),
        CopiedTable(
            name: "devices",
            columns: [
                .init(name: "uid", kind: .text), .init(name: "device_flag", kind: .smallint),
                .init(name: "token", kind: .text), .init(name: "level", kind: .smallint),
                .init(name: "updated_at", kind: .bigint),
            ],
            key: ["uid", "device_flag"]),
        CopiedTable(
            name: "channels",
            columns: [
                .init(name: "id", kind: .bigint), .init(name: "channel_id", kind: .text),
                .init(name: "channel_type", kind: .smallint), .init(name: "ban", kind: .boolean),
                .init(name: "disband", kind: .boolean), .init(name: "send_ban", kind: .boolean),
                .init(name: "large", kind: .boolean), .init(name: "allow_stranger", kind: .boolean),
                .init(name: "system", kind: .boolean), .init(name: "owner", kind: .text),
                .init(name: "created_at", kind: .bigint), .init(name: "updated_at", kind: .nullableBigint),
                .init(name: "seq_floor", kind: .bigint, targetName: "last_seq"),
            ],
            key: ["id"]),
        CopiedTable(
            name: "channel_members",
            columns: [
                .init(name: "channel_ref", kind: .bigint), .init(name: "list", kind: .smallint),
                .init(name: "uid", kind: .text), .init(name: "created_at", kind: .bigint),
            ],
            key: ["channel_ref", "list", "uid"]),
        CopiedTable(
            name: "system_uids",
            columns: [.init(name: "uid", kind: .text), .init(name: "created_at", kind: .bigint)],
            key: ["uid"]),
        CopiedTable(
            name: "conversations",
            columns: [
                .init(name: "uid", kind: .text), .init(name: "channel_ref", kind: .bigint),
                .init(name: "read_seq", kind: .bigint), .init(name: "deleted_seq", kind: .bigint),
                .init(name: "created_at", kind: .bigint), .init(name: "updated_at", kind: .bigint),
            ],
            key: ["uid", "channel_ref"]),
        CopiedTable(
            name: "audit_log",
            columns: [
                .init(name: "id", kind: .bigint), .init(name: "time", kind: .bigint),
                .init(name: "actor", kind: .text), .init(name: "client_ip", kind: .text),
                .init(name: "user_agent", kind: .text), .init(name: "action", kind: .text),
                .init(name: "uids", kind: .textArrayFromJSON), .init(name: "channel_id", kind: .text),
                .init(name: "channel_type", kind: .smallint), .init(name: "reason", kind: .text),
                .init(name: "before", kind: .text), .init(name: "after", kind: .text),
            ],
            key: ["id"], keptIdentity: "id"),
        CopiedTable(
            name: "user_activity",
            columns: [.init(name: "uid", kind: .text), .init(name: "last_active_at", kind: .bigint)],
            key: ["uid"]),
        CopiedTable(
            name: "webhook_watermarks",
            columns: [
                .init(name: "stream", kind: .text), .init(name: "message_id", kind: .bigint),
                .init(name: "updated_at", kind: .bigint),
            ],
            key: ["stream"]),
        CopiedTable(
            name: "webhook_dead_letters",
            columns: [
                .init(name: "id", kind: .bigint), .init(name: "event", kind: .text),
                .init(name: "event_id", kind: .text), .init(name: "body", kind: .bytea),
                .init(name: "item_count", kind: .integer), .init(name: "first_attempt_at", kind: .bigint),
                .init(name: "dead_at", kind: .bigint), .init(name: "attempts", kind: .integer),
                .init(name: "last_error", kind: .text),
            ],
            key: ["id"], keptIdentity: "id"),
        CopiedTable(
            name: "messages",
            columns: [
                .init(name: "message_id", kind: .bigint), .init(name: "channel_ref", kind: .bigint),
                .init(name: "seq", kind: .bigint), .init(name: "client_msg_no", kind: .text),
                .init(name: "from_uid", kind: .text), .init(name: "timestamp", kind: .bigint),
                .init(name: "setting", kind: .smallint), .init(name: "flags", kind: .smallint),
                .init(name: "expire", kind: .bigint), .init(name: "topic", kind: .text),
                .init(name: "payload", kind: .bytea),
            ],
            key: ["message_id"], isMessageLog: true),
    ]
}
