import CoreMetrics
import JindouProtocol

/// The gateway's counters, created from an explicit factory (one per server, so several servers
/// in one process keep separate registries).
package final class MessagingMetrics: Sendable {
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
    /// Sends refused because the delivery backlog was over its budget.
    let overloadRefusals: Counter
    /// Bytes of accepted send work not yet done (sampled, see ``observe(_:backlog:unauthenticated:)``).
    private let backlogBytes: Gauge
    /// Connections accepted and not yet authenticated (sampled).
    private let unauthenticatedConnections: Gauge
    /// Connections closed because they did not read or acknowledge fast enough.
    private let slowConsumers: Counter
    /// Connections closed as soon as they were accepted, by reason.
    private let refusedConnections: MetricFamily<String, Counter>
    /// Failed accepts on a listener (for example: out of file descriptors).
    package let acceptErrors: Counter

    package init(factory: any MetricsFactory) {
        refusals = MetricFamily { reason in
            Counter(label: "jindou_sends_refused_total", dimensions: [("reason", "\(reason)")], factory: factory)
        }
        connections = Gauge(label: "jindou_connections", factory: factory)
        overloadRefusals = Counter(
            label: "jindou_rate_limited_total", dimensions: [("scope", "overload")], factory: factory)
        backlogBytes = Gauge(label: "jindou_delivery_backlog_bytes", factory: factory)
        unauthenticatedConnections = Gauge(label: "jindou_unauthenticated_connections", factory: factory)
        slowConsumers = Counter(label: "jindou_slow_consumers_closed_total", factory: factory)
        refusedConnections = MetricFamily { reason in
            Counter(label: "jindou_connections_refused_total", dimensions: [("reason", reason)], factory: factory)
        }
        acceptErrors = Counter(label: "jindou_accept_errors_total", factory: factory)
        messagesStored = Counter(label: "jindou_messages_stored_total", factory: factory)
        deliveries = Counter(label: "jindou_deliveries_total", factory: factory)
        rateLimitedSends = Counter(
            label: "jindou_rate_limited_total", dimensions: [("scope", "user_send")], factory: factory)
    }

    /// Samples the gauges from the live state, just before the metrics are read.
    package func observe(_ sessions: SessionRegistry, backlog: DeliveryBacklog, unauthenticated: Int) {
        connections.record(sessions.connectionCount)
        backlogBytes.record(backlog.queuedBytes)
        unauthenticatedConnections.record(unauthenticated)
    }

    /// Counts a connection closed as a slow consumer.
    package func recordSlowConsumer() {
        slowConsumers.increment()
    }

    /// Counts a connection refused right after it was accepted.
    package func recordRefusedConnection(reason: String) {
        refusedConnections[reason].increment()
    }

    /// Counts a refused send by its reason code.
    func recordRefusal(_ reason: ReasonCode) {
        refusals[reason.rawValue].increment()
    }
}
