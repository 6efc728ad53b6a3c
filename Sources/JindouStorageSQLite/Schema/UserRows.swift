/// The SQL of the `users` and `devices` tables.
enum UserRows {
    static let insertUser = "INSERT INTO users (uid, created_at) VALUES (?, ?) ON CONFLICT (uid) DO NOTHING"

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
