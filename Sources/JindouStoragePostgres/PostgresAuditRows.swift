import JindouCore
import Logging
import PostgresNIO

/// The SQL of the `audit_log` table, which triggers keep append-only.
enum PostgresAuditRows {
    static let columns = """
        id, time, actor, client_ip, user_agent, action, uids, channel_id, channel_type, reason, before, after
        """

    /// Appends an entry; runs inside the transaction of the change it records.
    static func append(_ entry: AuditEntry, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (time, actor, client_ip, user_agent, action, uids, channel_id, channel_type, reason,
                                   before, after)
            VALUES (\(entry.time), \(entry.actor), \(entry.clientIP), \(entry.userAgent), \(entry.action.rawValue),
                    \(entry.uids)::text[], \(entry.channelID), \(Int16(entry.channelType)), \(entry.reason),
                    \(entry.before), \(entry.after))
            """, logger: logger)
    }

    /// Decodes a row selected with ``columns``.
    static func decode(_ row: PostgresRow) throws -> AuditEntry {
        let (id, time, actor, clientIP, userAgent, action, uids, channelID, channelType, reason, before, after) =
            try row.decode(
                (Int64, Int64, String, String, String, String, [String], String, Int16, String, String, String).self)
        return AuditEntry(
            id: id, time: time, actor: actor, clientIP: clientIP, userAgent: userAgent,
            action: AuditAction(rawValue: action), uids: uids, channelID: channelID,
            channelType: UInt8(truncatingIfNeeded: channelType), reason: reason, before: before, after: after)
    }
}
