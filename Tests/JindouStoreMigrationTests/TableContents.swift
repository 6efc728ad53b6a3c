import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// Every row of a table as canonical text on each side, to compare a source with its copy
/// column by column. The columns are the SQLite table's own (from `PRAGMA table_info`, not from
/// the migration's list), less those with no PostgreSQL counterpart.
enum TableContents {
    /// The tables the migration copies.
    static let tables = [
        "users", "devices", "channels", "channel_members", "system_uids", "conversations", "audit_log",
        "user_activity", "webhook_watermarks", "webhook_dead_letters", "messages",
    ]

    /// Columns of the SQLite schema without a PostgreSQL counterpart of the same value
    /// (`channels.seq_floor` is carried in `last_seq`, compared on its own).
    static let notCopied: Set<String> = ["client_msg_no_hash", "seq_floor"]

    /// The column names of a SQLite table.
    static func columns(of table: String, in db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            .filter { !notCopied.contains($0) }
    }

    /// The rows of the SQLite table, sorted.
    static func sqliteRows(_ table: String, in db: Database) throws -> [String] {
        let columns = try columns(of: table, in: db)
        let sql = "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \(table)"
        return try Row.fetchAll(db, sql: sql).map { row in
            zip(columns, row.databaseValues).map { column, value in
                canonical(sqlite: value, column: column)
            }.joined(separator: "\u{1F}")
        }.sorted()
    }

    /// The rows of the PostgreSQL table (the same columns), sorted.
    static func postgresRows(_ table: String, columns: [String], client: PostgresClient) async throws -> [String] {
        let selected = columns.map { $0 == "uids" ? "array_to_json(uids)::text" : "\"\($0)\"" }
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: "SELECT \(selected.joined(separator: ", ")) FROM \(table)"),
            logger: quietLogger)
        var result: [String] = []
        for try await row in rows {
            result.append(
                try zip(columns, row).map { column, cell in try canonical(postgres: cell, column: column) }
                    .joined(separator: "\u{1F}"))
        }
        return result.sorted()
    }

    private static func canonical(sqlite value: DatabaseValue, column: String) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return column == "uids" ? uids(text) : "'" + text
        case .blob(let data): return "b" + data.base64EncodedString()
        }
    }

    private static func canonical(postgres cell: PostgresCell, column: String) throws -> String {
        guard cell.bytes != nil else { return "NULL" }
        switch cell.dataType {
        case .int2: return String(try cell.decode(Int16.self))
        case .int4: return String(try cell.decode(Int32.self))
        case .int8: return String(try cell.decode(Int64.self))
        case .bool: return try cell.decode(Bool.self) ? "1" : "0"
        case .bytea:
            let buffer = try cell.decode(ByteBuffer.self)
            return "b" + Data(buffer.readableBytesView).base64EncodedString()
        default:
            let text = try cell.decode(String.self)
            return column == "uids" ? uids(text) : "'" + text
        }
    }

    /// A JSON array of strings, decoded (the two sides format JSON differently).
    private static func uids(_ json: String) -> String {
        guard let uids = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return "bad:" + json }
        return "\(uids)"
    }
}
