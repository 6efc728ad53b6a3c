import JindouServer
import JindouTestSupport

/// The storage backends the end-to-end tests that touch storage run on.
enum TestStore: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// The `store` setting of a new, empty store: SQLite in the test's data directory, or a new
    /// database on the test process's throwaway PostgreSQL server. nil when PostgreSQL is not
    /// installed outside CI: the caller returns (the cluster printed why).
    func freshSelection() async throws -> StoreSelection? {
        switch self {
        case .sqlite:
            return .sqlite
        case .postgres:
            guard let url = try await PostgresTestCluster.freshDatabaseURL() else { return nil }
            return try StoreSelection.parse(url).get()
        }
    }
}

extension StoreSelection {
    /// The `jindou serve` flags that select this store (none for the default).
    var serveArguments: [String] {
        switch self {
        case .sqlite: []
        case .postgres: ["--store", Self.unmasked(self)]
        }
    }

    private static func unmasked(_ selection: StoreSelection) -> String {
        guard case .postgres(let url) = selection else { return "sqlite" }
        let credentials = url.password.map { "\(url.user):\($0)" } ?? url.user
        return "postgres://\(credentials)@\(url.host):\(url.port)/\(url.database)?sslmode=\(url.tls.rawValue)"
    }
}
