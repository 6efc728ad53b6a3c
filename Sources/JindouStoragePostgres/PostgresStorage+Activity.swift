import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Records last-activity times; an older time never replaces a newer one.
    package func saveLastActivity(_ times: [String: Int64]) async throws(StorageError) {
        guard !times.isEmpty else { return }
        let logger = self.logger
        let uids = Array(times.keys)
        let values = uids.map { times[$0]! }
        try await write("saving the last activity of \(times.count) users") { connection in
            _ = try await connection.query(
                """
                INSERT INTO user_activity (uid, last_active_at)
                SELECT * FROM UNNEST(\(uids)::text[], \(values)::bigint[])
                ON CONFLICT (uid) DO UPDATE
                    SET last_active_at = greatest(user_activity.last_active_at, excluded.last_active_at)
                """, logger: logger)
        }
    }

    /// The stored last-activity times of these uids.
    package func lastActivity(of uids: [String]) async throws(StorageError) -> [String: Int64] {
        guard !uids.isEmpty else { return [:] }
        let logger = self.logger
        return try await read("reading the last activity of \(uids.count) users") { connection in
            var result: [String: Int64] = [:]
            let rows = try await connection.query(
                "SELECT uid, last_active_at FROM user_activity WHERE uid = ANY(\(uids)::text[])", logger: logger)
            for try await (uid, time) in rows.decode((String, Int64).self) { result[uid] = time }
            return result
        }
    }
}
