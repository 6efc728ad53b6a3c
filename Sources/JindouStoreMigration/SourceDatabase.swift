import Foundation
import GRDB
import JindouStorageSQLite

/// The embedded (SQLite) store being copied, opened read-only: the migration never writes to it.
///
/// The server should be stopped while it is copied; a store that changes during the copy fails
/// the verification.
final class SourceDatabase: Sendable {
    /// The database file.
    let path: String
    /// The last applied migration: the latest this build knows.
    let schemaVersion: String
    private let queue: DatabaseQueue

    private init(path: String, schemaVersion: String, queue: DatabaseQueue) {
        self.path = path
        self.schemaVersion = schemaVersion
        self.queue = queue
    }

    /// Opens the database of a data directory (or the database file itself) read-only and checks
    /// that it is a Jindou database at the latest schema this build knows.
    static func open(_ location: String) throws(MigrationError) -> SourceDatabase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) else {
            throw .sourceMissing(path: location)
        }
        let path =
            isDirectory.boolValue
            ? URL(fileURLWithPath: location).appendingPathComponent(SQLiteStorage.fileName).path : location
        guard FileManager.default.fileExists(atPath: path) else { throw .sourceMissing(path: path) }

        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "jindou-migrate-source"
        configuration.busyMode = .timeout(10)
        let queue: DatabaseQueue
        let applied: [String]?
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            applied = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else { return nil }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .notJindouDatabase(path: path, reason: "the file is not a SQLite database")
        } catch {
            throw .sourceRead(path: path, operation: "opening it read-only", underlying: describe(error))
        }
        let known = SQLiteStorage.knownMigrations
        guard let applied, let latest = known.last, !Set(applied).isDisjoint(with: known) else {
            throw .notJindouDatabase(path: path, reason: "it records none of Jindou's schema migrations")
        }
        let unknown = Set(applied).subtracting(known)
        guard unknown.isEmpty else { throw .sourceSchemaNewer(path: path, unknown: unknown.sorted()) }
        guard Set(applied) == Set(known) else {
            let last = known.last { applied.contains($0) } ?? "none"
            throw .sourceSchemaOutdated(path: path, applied: last, latest: latest)
        }
        return SourceDatabase(path: path, schemaVersion: latest, queue: queue)
    }

    /// Runs `body` in a read transaction.
    func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(MigrationError) -> T {
        do {
            return try await queue.read(body)
        } catch let error as MigrationError {
            throw error
        } catch is CancellationError {
            throw .cancelled
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .sourceRead(path: path, operation: operation, underlying: describe(error))
        }
    }

    /// The number of rows of a table (of messages: with an id above `after`).
    func count(_ table: CopiedTable, after messageID: Int64 = 0) async throws(MigrationError) -> Int {
        let sql =
            table.isMessageLog
            ? "SELECT count(*) FROM messages WHERE message_id > \(messageID)" : "SELECT count(*) FROM \(table.name)"
        return try await read("counting the rows of \(table.name)") { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    /// At most `limit` rows of a table in key order, after `key` (from the first row if nil).
    func batch(of table: CopiedTable, after key: [DatabaseValue]?, limit: Int) async throws(MigrationError) -> RowBatch
    {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let keyColumns = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        let filter = key == nil ? "" : "WHERE (\(keyColumns)) > (\(table.key.map { _ in "?" }.joined(separator: ", ")))"
        let sql = "SELECT \(columns) FROM \"\(table.name)\" \(filter) ORDER BY \(keyColumns) LIMIT \(max(1, limit))"
        let arguments = StatementArguments(key ?? [])
        return try await read("reading \(table.name)") { db in
            var batch = RowBatch(table: table)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try batch.append(row)
            }
            return batch
        }
    }

    /// The largest id an AUTOINCREMENT table ever handed out (deleted rows included), 0 if none.
    func autoincrementHighWater(of table: String) async throws(MigrationError) -> Int64 {
        try await read("reading the id sequence of \(table)") { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]) ?? 0
        }
    }

    /// The name of each channel row (`id/type`), for reports.
    func channelNames() async throws(MigrationError) -> [Int64: String] {
        try await read("reading the channels") { db in
            var names: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, channel_id, channel_type FROM channels")
            while let row = try rows.next() {
                names[try row.decode(Int64.self, atIndex: 0)] =
                    "\(try row.decode(String.self, atIndex: 1)) (type \(try row.decode(Int64.self, atIndex: 2)))"
            }
            return names
        }
    }

    /// The seq floor of each channel row that has one (a purge deleted some of its messages), by
    /// channel row id: its last seq is at least this.
    func channelSeqFloors() async throws(MigrationError) -> [Int64: Int64] {
        try await read("reading the channels' seq floors") { db in
            var floors: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, seq_floor FROM channels WHERE seq_floor > 0")
            while let row = try rows.next() {
                floors[try row.decode(Int64.self, atIndex: 0)] = try row.decode(Int64.self, atIndex: 1)
            }
            return floors
        }
    }

    /// Closes the database.
    func close() {
        try? queue.close()
    }
}
