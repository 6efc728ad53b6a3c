import JindouCore
import Synchronization

/// Whether the last write to the database failed, and why. The group-commit writer records every
/// commit's outcome; readiness checks read it. Shared by the backends.
package final class WriteHealth: Sendable {
    private let failure = Mutex<String?>(nil)

    package init() {}
    /// Lets one commit-failure log line through per interval; the rest are counted in it.
    package let failureLog = RepeatThrottle(interval: .seconds(10))

    /// The reason of the last failed write, nil if the last write succeeded.
    package var currentFailure: String? { failure.withLock { $0 } }

    package func recordSuccess() {
        failure.withLock { $0 = nil }
    }

    package func recordFailure(_ reason: String) {
        failure.withLock { $0 = reason }
    }
}
