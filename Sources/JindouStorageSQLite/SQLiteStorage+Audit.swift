import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Appends an audit entry on its own transaction.
    package func appendAudit(_ entry: AuditEntry) async throws(StorageError) {
        try await write("appending an audit entry (\(entry.action))") { db in
            try AuditRows.append(entry, in: db)
        }
    }

    /// Audit entries matching `query`, newest first.
    package func auditEntries(_ query: AuditQuery) async throws(StorageError) -> [AuditEntry] {
        try await read("reading the audit log") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            func condition(_ sql: String, _ value: some DatabaseValueConvertible) {
                conditions.append(sql)
                arguments += [value]
            }
            if let cursor = query.cursor { condition("id < ?", cursor) }
            if let since = query.since { condition("time >= ?", since) }
            if let until = query.until { condition("time <= ?", until) }
            if let action = query.action { condition("action = ?", action.rawValue) }
            if let channelID = query.channelID { condition("channel_id = ?", channelID) }
            if let uid = query.uid { condition("id IN (SELECT audit_id FROM audit_uids WHERE uid = ?)", uid) }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(0, query.limit)]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(AuditRows.columns) FROM audit_log \(filter) ORDER BY id DESC LIMIT ?",
                arguments: arguments)
            var entries: [AuditEntry] = []
            while let row = try rows.next() {
                entries.append(try AuditRows.decode(row))
            }
            return entries
        }
    }

    /// Records last-activity times; an older time never replaces a newer one.
    package func saveLastActivity(_ times: [String: Int64]) async throws(StorageError) {
        guard !times.isEmpty else { return }
        try await write("saving the last activity of \(times.count) users") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO user_activity (uid, last_active_at) VALUES (?, ?)
                    ON CONFLICT (uid) DO UPDATE SET last_active_at = max(last_active_at, excluded.last_active_at)
                    """)
            for (uid, time) in times {
                try statement.execute(arguments: [uid, time])
            }
        }
    }

    /// The stored last-activity times of these uids.
    package func lastActivity(of uids: [String]) async throws(StorageError) -> [String: Int64] {
        try await read("reading the last activity of \(uids.count) users") { db in
            let statement = try db.cachedStatement(sql: "SELECT last_active_at FROM user_activity WHERE uid = ?")
            var result: [String: Int64] = [:]
            for uid in uids {
                if let time = try Int64.fetchOne(statement, arguments: [uid]) { result[uid] = time }
            }
            return result
        }
    }
}
