import Synchronization

/// A clock that moves only when a test advances it, so a test of a rate limit waits out a
/// `Retry-After` without sleeping and no refill happens behind its back on a loaded machine.
final class ManualClock: Clock, Sendable {
    /// A point on the clock: the time advanced since it was made.
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))

    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .zero }

    /// Moves the clock forward by `duration`.
    func advance(by duration: Duration) {
        current.withLock { $0 = $0.advanced(by: duration) }
    }

    /// Returns once a test has advanced the clock to `deadline` (polling the real clock meanwhile).
    func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        while now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
