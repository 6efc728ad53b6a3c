/// A token bucket: `burst` tokens, refilled at `rate` tokens per second. Pure: the caller passes
/// the clock, so the bucket is a plain value that tests can drive.
package struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second.
    package let rate: Double
    /// The most tokens the bucket holds (and the size of a burst).
    package let burst: Double
    private var tokens: Double
    private var updatedAt: Double

    /// A full bucket at time `now` (seconds, any monotonic origin).
    package init(rate: Double, burst: Double, now: Double) {
        self.rate = rate
        self.burst = max(1, burst)
        self.tokens = max(1, burst)
        self.updatedAt = now
    }

    /// Takes one token if there is one.
    package mutating func take(now: Double) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Seconds until a token is available (0 if one is available now).
    package mutating func secondsUntilAvailable(now: Double) -> Double {
        refill(now: now)
        guard tokens < 1, rate > 0 else { return 0 }
        return (1 - tokens) / rate
    }

    /// Whether the bucket is full at `now` (a full bucket carries no state worth keeping).
    package mutating func isFull(now: Double) -> Bool {
        refill(now: now)
        return tokens >= burst
    }

    private mutating func refill(now: Double) {
        if now > updatedAt {
            tokens = min(burst, tokens + (now - updatedAt) * rate)
            updatedAt = now
        }
    }
}
