import Histogram
import NIOCore

/// Latency histograms and counters of one event loop; only touched on that loop, merged at the end.
final class LoopMetrics {
    /// SENDACK latency from the scheduled send time, microseconds.
    var sendackLatency = LoopMetrics.makeHistogram()
    /// send-to-RECV latency from the scheduled send time, microseconds.
    var deliveryLatency = LoopMetrics.makeHistogram()
    /// Successful SENDACKs that arrived inside the window.
    var ackedInWindow = 0
    /// Deliveries (first copies) that arrived inside the window.
    var deliveredInWindow = 0
    /// SENDACK reason codes other than success and client-side failures, by name.
    var errors: [String: Int] = [:]
    /// RECVs whose payload carried no bench marker.
    var unparseable = 0

    static func makeHistogram() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: 1,
            highestTrackableValue: 60_000_000,
            numberOfSignificantValueDigits: .three
        )
        histogram.autoResize = true
        return histogram
    }

    var snapshot: Snapshot {
        Snapshot(
            sendackLatency: self.sendackLatency,
            deliveryLatency: self.deliveryLatency,
            ackedInWindow: self.ackedInWindow,
            deliveredInWindow: self.deliveredInWindow,
            errors: self.errors,
            unparseable: self.unparseable
        )
    }

    /// A copy that can leave the event loop.
    struct Snapshot: Sendable {
        var sendackLatency: Histogram<UInt64>
        var deliveryLatency: Histogram<UInt64>
        var ackedInWindow: Int
        var deliveredInWindow: Int
        var errors: [String: Int]
        var unparseable: Int

        static var empty: Snapshot {
            Snapshot(
                sendackLatency: LoopMetrics.makeHistogram(),
                deliveryLatency: LoopMetrics.makeHistogram(),
                ackedInWindow: 0,
                deliveredInWindow: 0,
                errors: [:],
                unparseable: 0
            )
        }

        mutating func merge(_ other: Snapshot) {
            self.sendackLatency.add(other.sendackLatency)
            self.deliveryLatency.add(other.deliveryLatency)
            self.ackedInWindow += other.ackedInWindow
            self.deliveredInWindow += other.deliveredInWindow
            self.errors.merge(other.errors, uniquingKeysWith: +)
            self.unparseable += other.unparseable
        }
    }
}

/// One ``LoopMetrics`` per event loop of the group.
struct MetricsRegistry: Sendable {
    private let entries: [(loop: any EventLoop, metrics: NIOLoopBoundBox<LoopMetrics>)]

    init(group: any EventLoopGroup) {
        var entries: [(loop: any EventLoop, metrics: NIOLoopBoundBox<LoopMetrics>)] = []
        for loop in group.makeIterator() {
            entries.append((loop, NIOLoopBoundBox.makeBoxSendingValue(LoopMetrics(), eventLoop: loop)))
        }
        self.entries = entries
    }

    /// The metrics bound to `loop`.
    func metrics(for loop: any EventLoop) -> NIOLoopBoundBox<LoopMetrics> {
        for entry in self.entries where entry.loop === loop {
            return entry.metrics
        }
        preconditionFailure("event loop not in the bench group")
    }

    /// All loops' metrics merged.
    func collect() async throws -> LoopMetrics.Snapshot {
        var total = LoopMetrics.Snapshot.empty
        for entry in self.entries {
            let metrics = entry.metrics
            let snapshot = try await entry.loop.submit { metrics.value.snapshot }.get()
            total.merge(snapshot)
        }
        return total
    }
}
