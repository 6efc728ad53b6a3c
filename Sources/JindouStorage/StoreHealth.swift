/// Whether a store can write: what readiness checks report.
package enum StoreHealth: Sendable, Equatable {
    case healthy
    /// Writes are failing; the reason is safe to show to operators.
    case failing(reason: String)
}

/// A store that knows whether it can write now.
package protocol StoreHealthReporting: Sendable {
    /// Whether the store can write. While writes are failing this tries a small write itself, so a
    /// store that has recovered (space freed, database back) reports healthy without waiting for
    /// traffic.
    func health() async -> StoreHealth
}
