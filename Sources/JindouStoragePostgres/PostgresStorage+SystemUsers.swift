import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Every stored system uid, sorted.
    package func systemUIDs() async throws(StorageError) -> [String] {
        let logger = self.logger
        return try await read("reading the system uids") { connection in
            var uids: [String] = []
            for try await uid in try await connection.query("SELECT uid FROM system_uids ORDER BY uid", logger: logger)
                .decode(String.self)
            {
                uids.append(uid)
            }
            return uids
        }
    }

    /// Adds uids to the system list (idempotent), with `audit` in the same transaction.
    package func addSystemUIDs(_ uids: [String], audit: AuditEntry?) async throws(StorageError) {
        let logger = self.logger
        try await write("adding \(uids.count) system uids") { connection in
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            try await connection.query(
                """
                INSERT INTO system_uids (uid, created_at)
                SELECT u, \(PostgresChannelRows.nowSeconds()) FROM UNNEST(\(uids)::text[]) AS u
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// Removes all of `uids` or, if any is not a system uid, none.
    package func removeSystemUIDs(_ uids: [String], audit: AuditEntry?) async throws(StorageError) -> SystemUIDRemoval {
        let logger = self.logger
        return try await write("removing \(uids.count) system uids") { connection in
            var present: Set<String> = []
            for try await uid in try await connection.query(
                "SELECT uid FROM system_uids WHERE uid = ANY(\(uids)::text[]) FOR UPDATE", logger: logger
            ).decode(String.self) {
                present.insert(uid)
            }
            let missing = uids.filter { !present.contains($0) }
            guard missing.isEmpty else { return .notSystemUsers(missing) }
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            try await connection.query("DELETE FROM system_uids WHERE uid = ANY(\(uids)::text[])", logger: logger)
            return .removed
        }
    }
}
