import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Appends an audit entry on its own transaction.
    package func appendAudit(_ entry: AuditEntry) async throws(StorageError) {
        let logger = self.logger
        try await write("appending an audit entry (\(entry.action))") { connection in
            try await PostgresAuditRows.append(entry, on: connection, logger: logger)
        }
    }

    /// Audit entries matching `query`, newest first.
    package func auditEntries(_ query: AuditQuery) async throws(StorageError) -> [AuditEntry] {
        let logger = self.logger
        return try await read("reading the audit log") { connection in
            var conditions: [String] = []
            var bindings = PostgresBindings()
            func condition(_ sql: (String) -> String, _ value: some PostgresNonThrowingEncodable) {
                bindings.append(value)
                conditions.append(sql("$\(bindings.count)"))
            }
            if let cursor = query.cursor { condition({ "id < \($0)" }, cursor) }
            if let since = query.since { condition({ "time >= \($0)" }, since) }
            if let until = query.until { condition({ "time <= \($0)" }, until) }
            if let action = query.action { condition({ "action = \($0)" }, action.rawValue) }
            if let channelID = query.channelID { condition({ "channel_id = \($0)" }, channelID) }
            if let uid = query.uid { condition({ "uids @> ARRAY[\($0)]::text[]" }, uid) }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            bindings.append(Int64(max(0, query.limit)))
            let sql =
                "SELECT \(PostgresAuditRows.columns) FROM audit_log \(filter) ORDER BY id DESC LIMIT $\(bindings.count)"
            var entries: [AuditEntry] = []
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            {
                entries.append(try PostgresAuditRows.decode(row))
            }
            return entries
        }
    }
}
