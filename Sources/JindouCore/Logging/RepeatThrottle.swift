import Synchronization

/// Lets one of a run of repeated events through per interval and counts the rest, so an error
/// that repeats for every message (a full disk, a lost database) is logged once per interval with
/// the number of occurrences it stands for, instead of flooding the log.
package final class RepeatThrottle: Sendable {
    private struct State {
        var lastLogged: ContinuousClock.Instant?
        var suppressed = 0
    }

    private let interval: Duration
    private let state = Mutex(State())

    package init(interval: Duration) {
        self.interval = interval
    }

    /// Records one occurrence. Returns the number of occurrences suppressed since the last one let
    /// through when this one should be logged, or nil when it should be suppressed.
    package func shouldLog(now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { state in
            if let last = state.lastLogged, now < last.advanced(by: interval) {
                state.suppressed += 1
                return nil
            }
            let suppressed = state.suppressed
            state.lastLogged = now
            state.suppressed = 0
            return suppressed
        }
    }
}
