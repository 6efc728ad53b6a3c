import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// The room a readiness probe needs: more than most messages.
    static let probeBytes = 256 * 1024

    /// Healthy while the last group commit succeeded. After a failed one, a write through the
    /// writer connection (serialized with the group commits) decides: one row padded to
    /// ``probeBytes``, so that a write that fits into space the database already has does not
    /// report a store that still cannot take messages.
    package func health() async -> StoreHealth {
        guard let failure = writer.statistics.health.currentFailure else { return .healthy }
        do {
            let now = Int64(WallClock.nowSeconds())
            try await write("probing whether the database accepts writes") { db in
                try db.execute(
                    sql: """
                        INSERT INTO health_probe (id, probed_at, padding) VALUES (1, ?, randomblob(?))
                        ON CONFLICT(id) DO UPDATE SET probed_at = excluded.probed_at, padding = excluded.padding
                        """,
                    arguments: [now, Self.probeBytes])
            }
            writer.statistics.health.recordSuccess()
            return .healthy
        } catch {
            return .failing(reason: "the database cannot write: \(failure)")
        }
    }
}
