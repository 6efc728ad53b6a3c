import JindouCore
import Synchronization

/// A rate limit per key: one ``TokenBucket`` per key (a sending uid, an API token name).
///
/// Used for the per-user send limit (all of a user's devices and the HTTP API together; the caller
/// exempts system users) and for the per-token HTTP limits.
package final class KeyedRateLimiter: Sendable {
    /// Requests per second; 0 turns the limit off.
    package let rate: Double
    /// Requests a key may make at once after being quiet.
    package let burst: Double
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        /// Sweep full buckets once the map grows past this.
        var sweepThreshold = 10_000
    }
    private let state = Mutex(State())
    /// Seconds since the limiter was made, read from its clock.
    private let elapsedSeconds: @Sendable () -> Double

    /// A limiter of `rate` requests per second with bursts of `burst`, timed by `clock` (tests
    /// pass a clock they advance by hand).
    package init(rate: Double, burst: Int, clock: any Clock<Duration> = ContinuousClock()) {
        self.rate = max(0, rate)
        self.burst = Double(max(1, burst))
        self.elapsedSeconds = Self.stopwatch(clock)
    }

    /// Seconds elapsed on `clock` since now.
    private static func stopwatch(_ clock: some Clock<Duration>) -> @Sendable () -> Double {
        let origin = clock.now
        return {
            let elapsed = origin.duration(to: clock.now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
    }

    /// Whether the limit applies at all.
    package var isEnabled: Bool { rate > 0 }

    /// Takes a token for one request of `key`; false means the key is over its limit.
    package func allow(_ key: String) -> Bool {
        acquire(key) == nil
    }

    /// Takes a token for one request of `key`: nil if allowed, otherwise the seconds until the
    /// next token.
    package func acquire(_ key: String) -> Double? {
        guard isEnabled else { return nil }
        let now = elapsedSeconds()
        return state.withLock { state in
            if state.buckets.count >= state.sweepThreshold {
                Self.sweep(&state, now: now)
            }
            var bucket = state.buckets[key] ?? TokenBucket(rate: rate, burst: burst, now: now)
            let wait: Double? = bucket.take(now: now) ? nil : bucket.secondsUntilAvailable(now: now)
            state.buckets[key] = bucket
            return wait
        }
    }

    /// Drops full buckets (a new full one is made on demand), so idle users cost no memory.
    private static func sweep(_ state: inout State, now: Double) {
        state.buckets = state.buckets.filter { _, bucket in
            var bucket = bucket
            return !bucket.isFull(now: now)
        }
        state.sweepThreshold = max(10_000, state.buckets.count * 2)
    }
}
