import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Healthy while the last group commit succeeded. After a failed one, a one-row write through
    /// the writer connection (serialized with the group commits) decides: the store is healthy
    /// again as soon as a write goes through.
    public func health() async -> StoreHealth {
        guard let failure = writer.statistics.health.currentFailure else { return .healthy }
        do {
            let now = Int64(WallClock.nowSeconds())
            try await write("probing whether the database accepts writes") { db in
                try db.execute(
                    sql: "INSERT INTO health_probe (id, probed_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET probed_at = excluded.probed_at",
                    arguments: [now])
            }
            writer.statistics.health.recordSuccess()
            return .healthy
        } catch {
            return .failing(reason: "the database cannot write: \(failure)")
        }
    }
}
