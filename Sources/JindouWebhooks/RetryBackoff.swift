/// Exponential backoff with jitter: the n-th retry waits a random time between half and all of
/// `min(cap, base × 2^(n-1))`, so many failing senders do not retry in step.
package struct RetryBackoff: Sendable {
    package var base: Duration
    package var cap: Duration

    package init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = max(base, cap)
    }

    /// The longest wait before retry `attempt` (1 for the first retry).
    package func ceiling(forRetry attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let grown = base * (1 << exponent)
        return min(grown, cap)
    }

    /// A random wait before retry `attempt`: at least half the ceiling (so a failing endpoint is
    /// not hammered), at most all of it.
    package func delay(forRetry attempt: Int) -> Duration {
        let ceiling = ceiling(forRetry: attempt)
        return ceiling / 2 + ceiling / 2 * Double.random(in: 0...1)
    }
}
