import Dispatch
import JindouCore
import Synchronization

/// The per-user send limit: one ``TokenBucket`` per sending uid (all its devices and the HTTP API
/// together). System users are exempt; the caller decides who is.
public final class SendRateLimiter: Sendable {
    /// Messages per second; 0 turns the limit off.
    public let rate: Double
    /// Messages a user may send at once after being quiet.
    public let burst: Double
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        /// Sweep full buckets once the map grows past this.
        var sweepThreshold = 10_000
    }
    private let state = Mutex(State())

    public init(rate: Double, burst: Int) {
        self.rate = max(0, rate)
        self.burst = Double(max(1, burst))
    }

    /// Whether the limit applies at all.
    public var isEnabled: Bool { rate > 0 }

    /// Takes a token for one message of `uid`; false means the user is over its limit.
    public func allow(_ uid: String) -> Bool {
        guard isEnabled else { return true }
        let now = Self.now()
        return state.withLock { state in
            if state.buckets.count >= state.sweepThreshold {
                Self.sweep(&state, now: now)
            }
            var bucket = state.buckets[uid] ?? TokenBucket(rate: rate, burst: burst, now: now)
            let allowed = bucket.take(now: now)
            state.buckets[uid] = bucket
            return allowed
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

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
