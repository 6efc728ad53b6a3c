/// The SQL of the `users` and `devices` tables.
enum UserRows {
    /// A random version-4 UUID, lower-case, computed by SQLite.
    static let randomUUIDExpression = """
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'
        || lower(hex(randomblob(6)))
        """

    /// Creates a user if missing: uid, nickname, created_at (s), created_ms and modified_ms.
    static let insertUser = """
        INSERT INTO users (uid, nickname, created_at, created_ms, modified_ms, uuid)
        VALUES (?, ?, ?, ?, ?, \(randomUUIDExpression)) ON CONFLICT (uid) DO NOTHING
        """

    static let userColumns = "uid, uuid, nickname, created_ms, modified_ms"

    static let selectUserRecord = "SELECT \(userColumns) FROM users WHERE uid = ?"

    static let selectFirstUsers = "SELECT \(userColumns) FROM users ORDER BY created_ms, uid LIMIT ?"

    static let selectUsersAfter = """
        SELECT \(userColumns) FROM users WHERE (created_ms, uid) > (?, ?) ORDER BY created_ms, uid LIMIT ?
        """

    static let touchUser = "UPDATE users SET modified_ms = ? WHERE uid = ?"

    static let upsertDevice = """
        INSERT INTO devices (uid, device_flag, token, level, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (uid, device_flag) DO UPDATE SET
            token = excluded.token, level = excluded.level, updated_at = excluded.updated_at
        """

    static let selectDevice = "SELECT token, level FROM devices WHERE uid = ? AND device_flag = ?"

    static let selectUser = "SELECT 1 FROM users WHERE uid = ?"

    static let clearDeviceToken = "UPDATE devices SET token = '', updated_at = ? WHERE uid = ? AND device_flag = ?"

    static let clearAllDeviceTokens = "UPDATE devices SET token = '', updated_at = ? WHERE uid = ?"
}
