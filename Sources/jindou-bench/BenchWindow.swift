import NIOCore
import Synchronization

/// The measurement window in monotonic nanoseconds (`NIODeadline.uptimeNanoseconds`).
///
/// Set once when sending starts; until then nothing counts as measured.
final class BenchWindow: Sendable {
    private let startNanos = Atomic<UInt64>(.max)
    private let endNanos = Atomic<UInt64>(.max)

    func set(start: NIODeadline, end: NIODeadline) {
        self.endNanos.store(end.uptimeNanoseconds, ordering: .releasing)
        self.startNanos.store(start.uptimeNanoseconds, ordering: .releasing)
    }

    /// Whether a time (scheduled or completed) falls in the measured period.
    @inline(__always)
    func contains(_ nanos: UInt64) -> Bool {
        let start = self.startNanos.load(ordering: .acquiring)
        return nanos >= start && nanos < self.endNanos.load(ordering: .acquiring)
    }
}

/// Process-wide counters used to decide when the drain is complete.
final class GlobalCounters: Sendable {
    /// SENDs written.
    let sent = Atomic<Int>(0)
    /// SENDs whose SENDACK (or failure) arrived.
    let resolved = Atomic<Int>(0)
    /// SENDACKs with reason success.
    let ackedOK = Atomic<Int>(0)
    /// First deliveries (duplicates excluded).
    let delivered = Atomic<Int>(0)
    /// RECVs that reached a sending connection (none expected).
    let receivedBySenders = Atomic<Int>(0)
}

extension TimeAmount {
    /// A time amount from fractional seconds.
    static func seconds(fractional seconds: Double) -> TimeAmount {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
