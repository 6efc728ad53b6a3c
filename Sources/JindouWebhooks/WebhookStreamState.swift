import JindouCore
import Synchronization

/// What one event stream has done, for `GET /webhooks` and the metrics: updated by the stream's
/// task, read by anyone.
final class WebhookStreamState: Sendable {
    struct Snapshot: Sendable {
        var lastSuccessAt: Int64?
        var lastErrorAt: Int64?
        var lastError: String?
        /// Attempts of the request in flight that failed so far (0 while it has not failed).
        var inFlightRetries = 0
        var deliveredRequests = 0
        var deliveredItems = 0
        var failedAttempts = 0
        var deadLettered = 0
        /// Unix milliseconds of the oldest item not yet delivered, nil when caught up.
        var oldestPendingAt: Int64?
        /// msg.notify: the id of the last message delivered.
        var watermark: Int64?
    }

    private let state = Mutex(Snapshot())

    var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        state.withLock { body(&$0) }
    }

    func recordSuccess(_ request: WebhookRequest) {
        state.withLock { state in
            state.lastSuccessAt = WallClock.nowMilliseconds()
            state.inFlightRetries = 0
            state.deliveredRequests += 1
            state.deliveredItems += request.itemCount
        }
    }

    func recordFailure(_ error: String) {
        state.withLock { state in
            state.lastErrorAt = WallClock.nowMilliseconds()
            state.lastError = error
            state.inFlightRetries += 1
            state.failedAttempts += 1
        }
    }

    func recordDeadLetter() {
        state.withLock { state in
            state.inFlightRetries = 0
            state.deadLettered += 1
        }
    }
}
