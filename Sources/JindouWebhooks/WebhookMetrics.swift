import CoreMetrics
import JindouEngine

/// The webhooks' Prometheus series, created from the server's factory.
final class WebhookMetrics: Sendable {
    private struct Outcome: Hashable, Sendable {
        var event: WebhookEvent
        var success: Bool
    }

    /// `jindou_webhook_requests_total{event,outcome}`: attempts, by whether they got a 200.
    private let requests: MetricFamily<Outcome, Counter>
    /// `jindou_webhook_lag_seconds{event}`: age of the oldest item not yet delivered.
    private let lag: MetricFamily<WebhookEvent, Gauge>
    /// `jindou_webhook_queue_depth{event}`: items not yet delivered.
    private let depth: MetricFamily<WebhookEvent, Gauge>
    /// `jindou_webhook_dead_letters_total{event}`: requests given up and stored as dead letters.
    private let deadLetters: MetricFamily<WebhookEvent, Counter>
    /// `jindou_webhook_dropped_total{event}`: events lost because the dead-letter store could not
    /// keep up with an overflowing queue (should stay 0).
    private let dropped: MetricFamily<WebhookEvent, Counter>

    init(factory: any MetricsFactory) {
        requests = MetricFamily { outcome in
            Counter(
                label: "jindou_webhook_requests_total",
                dimensions: [("event", outcome.event.rawValue), ("outcome", outcome.success ? "success" : "failure")],
                factory: factory)
        }
        lag = MetricFamily { event in
            Gauge(label: "jindou_webhook_lag_seconds", dimensions: [("event", event.rawValue)], factory: factory)
        }
        depth = MetricFamily { event in
            Gauge(label: "jindou_webhook_queue_depth", dimensions: [("event", event.rawValue)], factory: factory)
        }
        deadLetters = MetricFamily { event in
            Counter(
                label: "jindou_webhook_dead_letters_total", dimensions: [("event", event.rawValue)], factory: factory)
        }
        dropped = MetricFamily { event in
            Counter(label: "jindou_webhook_dropped_total", dimensions: [("event", event.rawValue)], factory: factory)
        }
    }

    func recordAttempt(_ event: WebhookEvent, success: Bool) {
        requests[Outcome(event: event, success: success)].increment()
    }

    func recordDeadLetter(_ event: WebhookEvent) {
        deadLetters[event].increment()
    }

    func recordDropped(_ event: WebhookEvent, count: Int) {
        dropped[event].increment(by: count)
    }

    func observe(_ event: WebhookEvent, depth count: Int, lagSeconds: Double) {
        depth[event].record(count)
        lag[event].record(lagSeconds)
    }
}
