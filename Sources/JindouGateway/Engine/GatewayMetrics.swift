import CoreMetrics
import JindouProtocol
import Synchronization

/// The gateway's counters, created from an explicit factory (one per server, so several servers
/// in one process keep separate registries).
public final class GatewayMetrics: Sendable {
    private let factory: any MetricsFactory
    /// Authenticated connections now open (set when metrics are read, see ``observe(_:)``).
    private let connections: Gauge
    /// Messages stored (SENDs and API sends that got a seq).
    let messagesStored: Counter
    /// Messages delivered to a connection (one per RECV written).
    let deliveries: Counter
    /// Sends refused by the per-user rate limit.
    let rateLimitedSends: Counter
    private let refusals = Mutex<[UInt8: Counter]>([:])

    public init(factory: any MetricsFactory) {
        self.factory = factory
        connections = Gauge(label: "jindou_connections", factory: factory)
        messagesStored = Counter(label: "jindou_messages_stored_total", factory: factory)
        deliveries = Counter(label: "jindou_deliveries_total", factory: factory)
        rateLimitedSends = Counter(
            label: "jindou_rate_limited_total", dimensions: [("scope", "user_send")], factory: factory)
    }

    /// Samples the gauges from the live state, just before the metrics are read.
    public func observe(_ sessions: SessionRegistry) {
        connections.record(sessions.connectionCount)
    }

    /// Counts a refused send by its reason code.
    func recordRefusal(_ reason: ReasonCode) {
        let counter = refusals.withLock { counters in
            if let counter = counters[reason.rawValue] { return counter }
            let counter = Counter(
                label: "jindou_sends_refused_total", dimensions: [("reason", "\(reason.rawValue)")], factory: factory)
            counters[reason.rawValue] = counter
            return counter
        }
        counter.increment()
    }
}
