import Foundation
import JindouStoragePostgres
import JindouTestSupport
import Logging
import PostgresNIO

/// A new, empty database on the test process's shared PostgreSQL server; nil (the test skips)
/// when PostgreSQL is not installed outside CI.
enum TestPostgres {
    static func freshDatabase() async throws -> PostgresURL? {
        guard let url = try await PostgresTestCluster.freshDatabaseURL() else { return nil }
        return try PostgresURL(parsing: url)
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
