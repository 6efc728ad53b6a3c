import Foundation
import JindouStoragePostgres
import JindouTestSupport
import Logging
import PostgresNIO
import Synchronization

/// One throwaway PostgreSQL server for the whole test process (a database per test), stopped at
/// exit. Nil (the tests skip) when PostgreSQL is not installed outside CI.
enum TestPostgres {
    private static let starting = Mutex<Task<PostgresTestCluster?, any Error>?>(nil)
    private static let started = Mutex<PostgresTestCluster?>(nil)

    static func cluster() async throws -> PostgresTestCluster? {
        let task = starting.withLock { task in
            if let task { return task }
            let new = Task {
                let cluster = try await PostgresTestCluster.start()
                if let cluster {
                    started.withLock { $0 = cluster }
                    atexit { TestPostgres.stop() }
                }
                return cluster
            }
            task = new
            return new
        }
        return try await task.value
    }

    /// A new, empty database's URL; nil when PostgreSQL is not installed.
    static func freshDatabase() async throws -> PostgresURL? {
        guard let cluster = try await cluster() else { return nil }
        let name = "m\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await cluster.createDatabase(name)
        return try PostgresURL(parsing: cluster.url(database: name))
    }

    private static func stop() {
        started.withLock { $0 }?.stop()
    }
}

let quietLogger = Logger(label: "jindou.migrate.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `body` with a client of the database at `url`.
func withClient<T: Sendable>(_ url: PostgresURL, _ body: (PostgresClient) async throws -> T) async throws -> T {
    let configuration = PostgresClient.Configuration(
        host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
        tls: .disable)
    let client = PostgresClient(configuration: configuration, backgroundLogger: quietLogger)
    let task = Task { await client.run() }
    defer { task.cancel() }
    return try await body(client)
}

/// The single Int64 a query returns.
func scalar(_ client: PostgresClient, _ sql: String) async throws -> Int64 {
    try await client.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger).decode(Int64.self)
        .first { _ in true } ?? 0
}
