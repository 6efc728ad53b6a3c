import JindouClient
import NIOCore

/// What one receiving connection saw from one sender.
struct SenderTrack: Sendable {
    /// Sequence numbers received at least once.
    var received = SeqSet()
    /// The highest sequence number received so far.
    var maxSeq: UInt64 = 0
    /// Copies of an already received sequence number.
    var duplicates = 0
    /// Arrivals below `maxSeq` (not duplicates).
    var reordered = 0
}

/// Checks one receiving connection's deliveries: loss, duplicates, order and latency.
/// Runs on the connection's event loop (from `onMessage`).
final class ReceiverTracker {
    private(set) var tracks: [Int: SenderTrack] = [:]
    private let metrics: NIOLoopBoundBox<LoopMetrics>
    private let counters: GlobalCounters
    private let window: BenchWindow

    init(metrics: NIOLoopBoundBox<LoopMetrics>, counters: GlobalCounters, window: BenchWindow) {
        self.metrics = metrics
        self.counters = counters
        self.window = window
    }

    func record(_ message: ReceivedMessage) {
        let now = NIODeadline.now().uptimeNanoseconds
        let metrics = self.metrics.value
        guard let marker = BenchPayload.parse(message.payload) else {
            metrics.unparseable += 1
            return
        }
        var track = self.tracks[marker.sender, default: SenderTrack()]
        defer { self.tracks[marker.sender] = track }
        guard track.received.insert(marker.seq) else {
            track.duplicates += 1
            return
        }
        if marker.seq < track.maxSeq {
            track.reordered += 1
        } else {
            track.maxSeq = marker.seq
        }
        self.counters.delivered.add(1, ordering: .relaxed)
        if self.window.contains(marker.scheduledNanos) {
            let latency = now >= marker.scheduledNanos ? (now - marker.scheduledNanos) / 1000 : 0
            _ = metrics.deliveryLatency.record(max(latency, 1))
        }
        if self.window.contains(now) {
            metrics.deliveredInWindow += 1
        }
    }
}
