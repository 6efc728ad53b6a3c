import JindouCore
import Logging
import PostgresNIO

/// The SQL of the `users` table.
enum PostgresUserRows {
    static let columns = "uid, uuid, nickname, created_ms, modified_ms"

    /// Creates a user with a random uuid if missing; true if it was created.
    @discardableResult
    static func insertIfMissing(
        uid: String, nickname: String, nowMs: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO users (uid, uuid, nickname, created_at, created_ms, modified_ms)
            VALUES (\(uid), gen_random_uuid()::text, \(nickname), \(nowMs / 1000), \(nowMs), \(nowMs))
            ON CONFLICT (uid) DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// One user, nil if it does not exist.
    static func user(_ uid: String, on connection: PostgresConnection, logger: Logger) async throws -> UserRecord? {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM users WHERE uid = \(uid)", logger: logger)
        for try await row in rows { return try decode(row) }
        return nil
    }

    /// Decodes a row selected with ``columns``.
    static func decode(_ row: PostgresRow) throws -> UserRecord {
        let (uid, uuid, nickname, createdAt, modifiedAt) = try row.decode((String, String, String, Int64, Int64).self)
        return UserRecord(uid: uid, uuid: uuid, nickname: nickname, createdAt: createdAt, modifiedAt: modifiedAt)
    }
}
