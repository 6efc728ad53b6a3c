import Foundation
import GRDB
import JindouCore

/// The SQL of the `audit_log` and `audit_uids` tables.
enum AuditRows {
    static let insert = """
        INSERT INTO audit_log (time, actor, client_ip, user_agent, action, uids, channel_id, channel_type, reason,
                               before, after)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let insertUID = "INSERT INTO audit_uids (uid, audit_id) VALUES (?, ?) ON CONFLICT DO NOTHING"

    static let columns = """
        id, time, actor, client_ip, user_agent, action, uids, channel_id, channel_type, reason, before, after
        """

    /// Appends an entry; must run inside the transaction of the change it records.
    static func append(_ entry: AuditEntry, in db: Database) throws {
        let uids = String(decoding: try JSONEncoder().encode(entry.uids), as: UTF8.self)
        try db.cachedStatement(sql: insert).execute(arguments: [
            entry.time, entry.actor, entry.clientIP, entry.userAgent, entry.action.rawValue, uids, entry.channelID,
            Int64(entry.channelType), entry.reason, entry.before, entry.after,
        ])
        let id = db.lastInsertedRowID
        let statement = try db.cachedStatement(sql: insertUID)
        for uid in Set(entry.uids) {
            try statement.execute(arguments: [uid, id])
        }
    }

    /// Decodes a row selected with ``columns``.
    static func decode(_ row: Row) throws -> AuditEntry {
        let uidsText = try row.decode(String.self, atIndex: 6)
        return AuditEntry(
            id: try row.decode(Int64.self, atIndex: 0), time: try row.decode(Int64.self, atIndex: 1),
            actor: try row.decode(String.self, atIndex: 2), clientIP: try row.decode(String.self, atIndex: 3),
            userAgent: try row.decode(String.self, atIndex: 4),
            action: AuditAction(rawValue: try row.decode(String.self, atIndex: 5)),
            uids: (try? JSONDecoder().decode([String].self, from: Data(uidsText.utf8))) ?? [],
            channelID: try row.decode(String.self, atIndex: 7),
            channelType: UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 8)),
            reason: try row.decode(String.self, atIndex: 9), before: try row.decode(String.self, atIndex: 10),
            after: try row.decode(String.self, atIndex: 11))
    }
}
