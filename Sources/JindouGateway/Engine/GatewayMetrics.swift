import CoreMetrics
import JindouProtocol

/// The gateway's counters, created from an explicit factory (one per server, so several servers
/// in one process keep separate registries).
public final class GatewayMetrics: Sendable {
    /// Authenticated connections now open (set when metrics are read, see ``observe(_:)``).
    private let connections: Gauge
    /// Messages stored (SENDs and API sends that got a seq).
    let messagesStored: Counter
    /// Messages delivered to a connection (one per RECV written).
    let deliveries: Counter
    /// Sends refused by the per-user rate limit.
    let rateLimitedSends: Counter
    /// Sends refused, by reason code.
    private let refusals: MetricFamily<UInt8, Counter>

    public init(factory: any MetricsFactory) {
        refusals = MetricFamily { reason in
            Counter(label: "jindou_sends_refused_total", dimensions: [("reason", "\(reason)")], factory: factory)
        }
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
        refusals[reason.rawValue].increment()
    }
}
