import Synchronization

/// The metrics of one name, one per label set: each is created on first use (through the
/// server's own factory) and reused after that.
package final class MetricFamily<Labels: Hashable & Sendable, Metric: Sendable>: Sendable {
    private let metrics = Mutex<[Labels: Metric]>([:])
    private let make: @Sendable (Labels) -> Metric

    /// - Parameter make: creates the metric of a label set (called once per label set).
    package init(make: @escaping @Sendable (Labels) -> Metric) {
        self.make = make
    }

    /// The metric of `labels`.
    package subscript(labels: Labels) -> Metric {
        metrics.withLock { metrics in
            if let metric = metrics[labels] { return metric }
            let metric = make(labels)
            metrics[labels] = metric
            return metric
        }
    }
}
