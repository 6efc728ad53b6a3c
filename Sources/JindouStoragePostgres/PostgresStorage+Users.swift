import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Creates the user if needed and sets (inserts or replaces) the token of one of its devices.
    package func saveDeviceToken(_ device: DeviceToken) async throws(StorageError) {
        let logger = self.logger
        try await write("saving the device token of \(device.uid) (flag \(device.deviceFlag))") { connection in
            let nowMs = WallClock.nowMilliseconds()
            try await PostgresUserRows.insertIfMissing(
                uid: device.uid, nickname: "", nowMs: nowMs, on: connection, logger: logger)
            try await connection.query(
                """
                INSERT INTO devices (uid, device_flag, token, level, updated_at)
                VALUES (\(device.uid), \(Int16(device.deviceFlag.rawValue)), \(device.token),
                        \(Int16(device.level.rawValue)), \(nowMs / 1000))
                ON CONFLICT (uid, device_flag) DO UPDATE SET
                    token = excluded.token, level = excluded.level, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    /// The token registered for a uid's device flag, nil if none.
    package func deviceToken(uid: String, deviceFlag: DeviceFlag) async throws(StorageError) -> DeviceToken? {
        let logger = self.logger
        return try await read("reading the device token of \(uid) (flag \(deviceFlag))") { connection in
            let rows = try await connection.query(
                "SELECT token, level FROM devices WHERE uid = \(uid) AND device_flag = \(Int16(deviceFlag.rawValue))",
                logger: logger)
            for try await (token, levelValue) in rows.decode((String, Int16).self) {
                guard let level = DeviceLevel(rawValue: UInt8(truncatingIfNeeded: levelValue)) else {
                    throw StorageError(.corrupt, "device of \(uid) has an unknown level \(levelValue)")
                }
                return DeviceToken(uid: uid, deviceFlag: deviceFlag, token: token, level: level)
            }
            return nil
        }
    }

    /// How many devices of the user hold a non-empty token.
    package func deviceCount(of uid: String) async throws(StorageError) -> Int {
        let logger = self.logger
        return try await read("counting the devices of \(uid)") { connection in
            try await PostgresChannelRows.count(
                "SELECT count(*) FROM devices WHERE uid = \(uid) AND token <> ''", on: connection, logger: logger)
        }
    }

    /// Whether the user exists.
    package func userExists(_ uid: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await read("looking up the user \(uid)") { connection in
            try await PostgresChannelRows.count(
                "SELECT count(*) FROM users WHERE uid = \(uid)", on: connection, logger: logger) > 0
        }
    }

    /// Empties the tokens of some (or all) of a user's devices.
    package func clearDeviceTokens(uid: String, flags: [DeviceFlag]?, audit: AuditEntry?) async throws(StorageError) {
        let logger = self.logger
        try await write("clearing the device tokens of \(uid)") { connection in
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            let now = PostgresChannelRows.nowSeconds()
            if let flags {
                try await connection.query(
                    """
                    UPDATE devices SET token = '', updated_at = \(now)
                    WHERE uid = \(uid) AND device_flag = ANY(\(flags.map { Int16($0.rawValue) })::smallint[])
                    """, logger: logger)
            } else {
                try await connection.query(
                    "UPDATE devices SET token = '', updated_at = \(now) WHERE uid = \(uid)", logger: logger)
            }
        }
    }

    /// Creates a user; false if the uid exists.
    package func registerUser(uid: String, nickname: String) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("registering the user \(uid)") { connection in
            try await PostgresUserRows.insertIfMissing(
                uid: uid, nickname: nickname, nowMs: WallClock.nowMilliseconds(), on: connection, logger: logger)
        }
    }

    /// One user, nil if it does not exist.
    package func user(_ uid: String) async throws(StorageError) -> UserRecord? {
        let logger = self.logger
        return try await read("reading the user \(uid)") { connection in
            try await PostgresUserRows.user(uid, on: connection, logger: logger)
        }
    }

    /// Users in creation order after `cursor`.
    package func users(limit: Int, after cursor: UserRecord?) async throws(StorageError) -> [UserRecord] {
        let logger = self.logger
        return try await read("listing users") { connection in
            let rows: PostgresRowSequence
            if let cursor {
                rows = try await connection.query(
                    """
                    SELECT \(unescaped: PostgresUserRows.columns) FROM users
                    WHERE (created_ms, uid) > (\(cursor.createdAt), \(cursor.uid)) ORDER BY created_ms, uid
                    LIMIT \(Int64(max(0, limit)))
                    """, logger: logger)
            } else {
                rows = try await connection.query(
                    """
                    SELECT \(unescaped: PostgresUserRows.columns) FROM users ORDER BY created_ms, uid
                    LIMIT \(Int64(max(0, limit)))
                    """, logger: logger)
            }
            var users: [UserRecord] = []
            for try await row in rows { users.append(try PostgresUserRows.decode(row)) }
            return users
        }
    }

    /// Marks the user modified now.
    package func touchUser(_ uid: String) async throws(StorageError) {
        let logger = self.logger
        try await write("touching the user \(uid)") { connection in
            _ = try await connection.query(
                "UPDATE users SET modified_ms = \(WallClock.nowMilliseconds()) WHERE uid = \(uid)", logger: logger)
        }
    }
}
