import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Healthy while the last group commit succeeded. After a failed one, a small write decides
    /// whether the server accepts writes again (it came back, say, or the disk has room again).
    package func health() async -> StoreHealth {
        guard let failure = writer.health.currentFailure else { return .healthy }
        let logger = self.logger
        do {
            try await write("probing whether the database accepts writes") { connection in
                _ = try await connection.query(
                    """
                    INSERT INTO health_probe (id, probed_at) VALUES (1, \(WallClock.nowMilliseconds()))
                    ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at
                    """, logger: logger)
            }
            writer.health.recordSuccess()
            return .healthy
        } catch {
            return .failing(reason: "the database cannot write: \(failure)")
        }
    }
}
