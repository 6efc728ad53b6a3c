import JindouCore
import JindouStorage
import Synchronization

/// Whether the last write to the database failed, and why. The group-commit writer records every
/// commit's outcome; readiness checks read it.
final class WriteHealth: Sendable {
    private let failure = Mutex<String?>(nil)
    /// Lets one commit-failure log line through per interval; the rest are counted in it.
    let failureLog = RepeatThrottle(interval: .seconds(10))

    /// The reason of the last failed write, nil if the last write succeeded.
    var currentFailure: String? { failure.withLock { $0 } }

    func recordSuccess() {
        failure.withLock { $0 = nil }
    }

    func recordFailure(_ reason: String) {
        failure.withLock { $0 = reason }
    }
}
