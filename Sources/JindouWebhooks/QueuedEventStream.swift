import JindouCore
import JindouStorage
import Logging
import Synchronization

/// `msg.offline` and `user.onlinestatus`: events queued in memory (bounded) and sent one
/// request at a time, each request retried until delivered or dead. A crash loses what is
/// queued; a clean shutdown makes one last attempt and stores the rest as dead letters.
final class QueuedEventStream<Item: Sendable>: Sendable {
    let event: WebhookEvent
    let state = WebhookStreamState()
    let queue: BoundedEventQueue<Item>
    private let deliverer: WebhookDeliverer
    private let batchMax: Int
    private let batchInterval: Duration
    private let makeRequest: @Sendable ([BoundedEventQueue<Item>.Entry]) -> WebhookRequest
    private let replays = Mutex<[WebhookRequest]>([])
    private let logger: Logger

    /// - Parameters:
    ///   - batchMax: the most events in one request (1: one request per event).
    ///   - makeRequest: the request carrying some queued events.
    init(
        event: WebhookEvent, deliverer: WebhookDeliverer, queueLimit: Int, batchMax: Int, batchInterval: Duration,
        logger: Logger, makeRequest: @escaping @Sendable ([BoundedEventQueue<Item>.Entry]) -> WebhookRequest
    ) {
        self.event = event
        self.queue = BoundedEventQueue(limit: queueLimit)
        self.deliverer = deliverer
        self.batchMax = max(1, batchMax)
        self.batchInterval = batchInterval
        self.makeRequest = makeRequest
        self.logger = logger
    }

    /// Queues dead letters to send again, ahead of new events.
    func enqueueReplay(_ requests: [WebhookRequest]) {
        replays.withLock { $0.append(contentsOf: requests) }
        queue.doorbell.ring()
    }

    /// Events not yet delivered and the age of the oldest, in seconds.
    var depth: (count: Int, lagSeconds: Double) {
        let (count, oldestQueued) = queue.depth
        let oldest = [state.snapshot.oldestPendingAt, oldestQueued].compactMap { $0 }.min()
        let lag = oldest.map { max(0, Double(WallClock.nowMilliseconds() - $0) / 1000) } ?? 0
        return (count + replays.withLock { $0.count }, lag)
    }

    /// Sends until cancelled. ``finish()`` then deals with what is left.
    func run() async {
        var partialSince: ContinuousClock.Instant?
        while !Task.isCancelled {
            await storeOverflow()
            if let replay = replays.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                if await deliverer.deliver(replay, state: state) == .stopped {
                    replays.withLock { $0.insert(replay, at: 0) }
                }
                continue
            }
            let (count, _) = queue.depth
            if count == 0 {
                partialSince = nil
                await queue.doorbell.wait(upTo: .seconds(1))
                continue
            }
            if count < batchMax {
                let since = partialSince ?? .now
                partialSince = since
                let waited = ContinuousClock.now - since
                if waited < batchInterval {
                    await queue.doorbell.wait(upTo: batchInterval - waited)
                    continue
                }
            }
            partialSince = nil
            let entries = queue.take(upTo: batchMax)
            guard !entries.isEmpty else { continue }
            let request = makeRequest(entries)
            state.update { $0.oldestPendingAt = request.oldestItemAt }
            let outcome = await deliverer.deliver(request, state: state)
            state.update { $0.oldestPendingAt = nil }
            if outcome == .stopped {
                queue.putBack(entries)
                break
            }
        }
    }

    /// At shutdown: one attempt to send what is queued; if the endpoint fails, the rest is
    /// stored as dead letters rather than lost.
    func finish(transport: WebhookTransport) async {
        await storeOverflow(maxAttempts: 3)
        var endpointFailed = false
        while true {
            let entries = queue.take(upTo: batchMax)
            guard !entries.isEmpty else { break }
            let request = makeRequest(entries)
            if !endpointFailed, case .success = await transport.post(request, attempt: 1, timeout: .seconds(2)) {
                state.recordSuccess(request)
                continue
            }
            endpointFailed = true
            let now = WallClock.nowMilliseconds()
            _ = await deliverer.storeDeadLetter(
                DeadLetter(
                    event: event.rawValue, eventID: request.eventID, body: request.body, itemCount: request.itemCount,
                    firstAttemptAt: now, deadAt: now, attempts: 1, lastError: "not delivered before shutdown"),
                maxAttempts: 3)
        }
    }

    /// Writes what overflowed the queue to the dead letters.
    private func storeOverflow(maxAttempts: Int = .max) async {
        let (entries, dropped) = queue.takeOverflow()
        if dropped > 0 {
            deliverer.metrics.recordDropped(event, count: dropped)
            logger.critical(
                "webhook events lost: the queue and its overflow are full",
                metadata: ["jindou.event": "\(event)", "jindou.dropped": "\(dropped)"])
        }
        var index = 0
        while index < entries.count {
            let chunk = Array(entries[index..<min(index + batchMax, entries.count)])
            index += batchMax
            let request = makeRequest(chunk)
            let now = WallClock.nowMilliseconds()
            let stored = await deliverer.storeDeadLetter(
                DeadLetter(
                    event: event.rawValue, eventID: request.eventID, body: request.body, itemCount: request.itemCount,
                    firstAttemptAt: request.oldestItemAt, deadAt: now, attempts: 0,
                    lastError: "the in-memory queue was over webhook_queue_max"),
                maxAttempts: maxAttempts)
            if stored { state.recordDeadLetter() }
        }
    }
}
