import NIOCore
import Synchronization

/// Dead letters queued to be sent again by one stream: each dead letter at most once at a time,
/// served before new events.
final class ReplayQueue: Sendable {
    private struct State {
        var requests = CircularBuffer<WebhookRequest>()
        var queuedIDs: Set<Int64> = []
    }

    private let state = Mutex(State())
    private let doorbell: Doorbell

    /// - Parameter doorbell: rung when requests are queued (the stream's own).
    init(doorbell: Doorbell) {
        self.doorbell = doorbell
    }

    /// Queues requests, skipping dead letters already queued; returns how many were queued.
    func enqueue(_ requests: [WebhookRequest]) -> Int {
        let queued = state.withLock { state -> Int in
            var queued = 0
            for request in requests {
                if let id = request.deadLetterID {
                    guard state.queuedIDs.insert(id).inserted else { continue }
                }
                state.requests.append(request)
                queued += 1
            }
            return queued
        }
        if queued > 0 { doorbell.ring() }
        return queued
    }

    /// The next request to send, removed from the queue.
    func next() -> WebhookRequest? {
        state.withLock { state in
            guard let request = state.requests.popFirst() else { return nil }
            if let id = request.deadLetterID { state.queuedIDs.remove(id) }
            return request
        }
    }

    /// Puts a request that was not sent back at the front.
    func putBack(_ request: WebhookRequest) {
        state.withLock { state in
            state.requests.prepend(request)
            if let id = request.deadLetterID { state.queuedIDs.insert(id) }
        }
    }

    var count: Int { state.withLock { $0.requests.count } }
}
