import Foundation
import Synchronization

extension PostgresTestCluster {
    private static let starting = Mutex<Task<PostgresTestCluster?, any Error>?>(nil)
    private static let started = Mutex<PostgresTestCluster?>(nil)

    /// One server for the whole test process (a database per test), stopped at exit; nil (the
    /// caller skips) when PostgreSQL is not installed outside CI.
    package static func shared() async throws -> PostgresTestCluster? {
        let task = starting.withLock { task in
            if let task { return task }
            let new = Task {
                let cluster = try await PostgresTestCluster.start()
                if let cluster {
                    started.withLock { $0 = cluster }
                    atexit { PostgresTestCluster.started.withLock { $0 }?.stop() }
                }
                return cluster
            }
            task = new
            return new
        }
        return try await task.value
    }

    /// A new, empty database on the shared server, as a `postgres://` store URL; nil when
    /// PostgreSQL is not installed outside CI.
    package static func freshDatabaseURL() async throws -> String? {
        guard let cluster = try await shared() else { return nil }
        let database = "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await cluster.createDatabase(database)
        return cluster.url(database: database)
    }
}
