import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Every stored system uid, sorted.
    package func systemUIDs() async throws(StorageError) -> [String] {
        try await read("reading the system uids") { db in
            try String.fetchAll(db.cachedStatement(sql: SystemUIDRows.selectAll))
        }
    }

    /// Adds uids to the system list (idempotent), with `audit` in the same transaction.
    package func addSystemUIDs(_ uids: [String], audit: AuditEntry?) async throws(StorageError) {
        try await write("adding \(uids.count) system uids") { db in
            if let audit { try AuditRows.append(audit, in: db) }
            let statement = try db.cachedStatement(sql: SystemUIDRows.insert)
            let now = ChannelRows.now()
            for uid in uids {
                try statement.execute(arguments: [uid, now])
            }
        }
    }

    /// Removes all of `uids` or, if any is not a system uid, none.
    package func removeSystemUIDs(_ uids: [String], audit: AuditEntry?) async throws(StorageError) -> SystemUIDRemoval {
        try await write("removing \(uids.count) system uids") { db in
            let exists = try db.cachedStatement(sql: SystemUIDRows.selectOne)
            var missing: [String] = []
            for uid in uids where try Bool.fetchOne(exists, arguments: [uid]) != true {
                missing.append(uid)
            }
            guard missing.isEmpty else { return .notSystemUsers(missing) }
            if let audit { try AuditRows.append(audit, in: db) }
            let delete = try db.cachedStatement(sql: SystemUIDRows.delete)
            for uid in uids {
                try delete.execute(arguments: [uid])
            }
            return .removed
        }
    }
}
