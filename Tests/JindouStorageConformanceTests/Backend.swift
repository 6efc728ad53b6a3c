import Foundation
import GRDB
import JindouCore
import JindouStorage
import JindouStoragePostgres
import JindouStorageSQLite
import JindouTestSupport
import Logging
import PostgresNIO
import Synchronization

/// The storage backends every conformance test runs against.
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// Opens a fresh, empty store of this backend (with snowflake node `nodeID`), runs `body` and
    /// closes and deletes it. Returns nil (the test is skipped) when PostgreSQL is not installed
    /// outside CI.
    @discardableResult
    func withFreshStore<T>(
        nodeID: Int64 = 1, _ body: (any Storage, Reopener) async throws -> T
    ) async throws -> T? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "jindou-conformance-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let open: @Sendable (Int64) async throws -> any Storage = { nodeID in
                try SQLiteStorage(directory: directory, nodeID: nodeID, logger: quietLogger)
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(SQLiteStorage.fileName).path
            return try await Reopener.run(nodeID: nodeID, open: open, database: .sqlite(path: path), body)
        case .postgres:
            guard let cluster = try await PostgresTestCluster.shared() else { return nil }
            let database = "t\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            try await cluster.createDatabase(database)
            let url = try PostgresURL(parsing: cluster.url(database: database))
            let open: @Sendable (Int64) async throws -> any Storage = { nodeID in
                // A generous connect timeout: the whole suite shares one PostgreSQL server and two
                // cores in CI, where a reopen once waited more than the default 10 s for `SELECT 1`.
                try await PostgresStorage.open(
                    url: url, nodeID: nodeID, poolSize: 4, connectTimeout: .seconds(45), logger: quietLogger)
            }
            return try await Reopener.run(nodeID: nodeID, open: open, database: .postgres(url), body)
        }
    }
}

/// Closes the store under test and opens it again on the same data (a restart), and reaches the
/// database under it with raw SQL.
final class Reopener: Sendable {
    private let open: @Sendable (Int64) async throws -> any Storage
    private let current: Mutex<(any Storage)?>
    /// The database the store keeps its data in.
    let database: RawDatabase

    private init(
        open: @escaping @Sendable (Int64) async throws -> any Storage, first: any Storage, database: RawDatabase
    ) {
        self.open = open
        self.current = Mutex(first)
        self.database = database
    }

    static func run<T>(
        nodeID: Int64, open: @escaping @Sendable (Int64) async throws -> any Storage, database: RawDatabase,
        _ body: (any Storage, Reopener) async throws -> T
    ) async throws -> T {
        let first = try await open(nodeID)
        let reopener = Reopener(open: open, first: first, database: database)
        do {
            let result = try await body(first, reopener)
            await reopener.closeCurrent()
            return result
        } catch {
            await reopener.closeCurrent()
            throw error
        }
    }

    /// Closes the current store and returns a new one on the same data, with snowflake node
    /// `nodeID`.
    func reopen(nodeID: Int64 = 1) async throws -> any Storage {
        await closeCurrent()
        let store = try await open(nodeID)
        current.withLock { $0 = store }
        return store
    }

    /// Closes the current store (appends after this fail).
    func closeCurrent() async {
        let store = current.withLock { store -> (any Storage)? in
            defer { store = nil }
            return store
        }
        await store?.close()
    }
}

/// The database under a store, reached with raw SQL past the storage protocols, to check what the
/// database itself enforces. Every call opens its own connection.
enum RawDatabase: Sendable {
    /// The SQLite file, opened with a GRDB `DatabaseQueue` next to the store's pool.
    case sqlite(path: String)
    /// The test database, opened with a PostgresNIO `PostgresClient`.
    case postgres(PostgresURL)

    /// Runs one statement; a failure is thrown as a ``RawSQLError`` with the database's message.
    func execute(_ sql: String) async throws {
        switch self {
        case .sqlite(let path):
            try await withSQLite(path) { queue in
                try await queue.write { db in try db.execute(sql: sql) }
            }
        case .postgres(let url):
            try await withPostgres(url) { client in
                _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
            }
        }
    }

    /// Runs a query whose first row's first column is an integer (a count), and returns it.
    func integer(_ sql: String) async throws -> Int64 {
        switch self {
        case .sqlite(let path):
            return try await withSQLite(path) { queue in
                try await queue.read { db in try Int64.fetchOne(db, sql: sql) } ?? 0
            }
        case .postgres(let url):
            return try await withPostgres(url) { client in
                for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
                    .decode(Int64.self)
                {
                    return value
                }
                return 0
            }
        }
    }

    private func withSQLite<T: Sendable>(
        _ path: String, _ body: (DatabaseQueue) async throws -> T
    ) async throws -> T {
        var configuration = GRDB.Configuration()
        // The store's writer may hold the write lock for a moment.
        configuration.busyMode = .timeout(5)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        do {
            return try await body(queue)
        } catch let error as DatabaseError {
            throw RawSQLError(message: error.message ?? "\(error)")
        }
    }

    private func withPostgres<T: Sendable>(
        _ url: PostgresURL, _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: quietLogger)
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { tasks in
            tasks.addTask { await client.run() }
            defer { tasks.cancelAll() }
            do {
                return try await body(client)
            } catch let error as PSQLError {
                throw RawSQLError(message: error.serverInfo?[.message] ?? "\(error.code)")
            }
        }
    }
}

/// A statement the database refused, with its message.
struct RawSQLError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

let quietLogger = Logger(label: "jindou.conformance", factory: { _ in SwiftLogNoOpLogHandler() })
