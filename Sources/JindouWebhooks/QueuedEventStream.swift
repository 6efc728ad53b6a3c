import JindouCore
import JindouStorage
import Logging
import Synchronization

/// `msg.offline` and `user.onlinestatus`: events queued in memory (bounded) and sent one request
/// at a time, each request retried until delivered or dead. What overflows the queue is written
/// to the dead letters by a task of its own, so it is stored even while a request is being
/// retried. A crash loses what is queued; a clean shutdown sends what it can within a few seconds
/// and stores the rest as dead letters.
final class QueuedEventStream<Item: Sendable>: Sendable {
    /// How long a clean shutdown keeps sending what is queued before it stores the rest.
    static var shutdownDeadline: Duration { .seconds(5) }

    let event: WebhookEvent
    let state = WebhookStreamState()
    let queue: BoundedEventQueue<Item>
    private let deliverer: WebhookDeliverer
    private let batchMax: Int
    private let batchInterval: Duration
    private let makeRequest: @Sendable ([BoundedEventQueue<Item>.Entry]) -> WebhookRequest
    /// Completes the events taken for a request just before it is sent (e.g. with what other
    /// nodes know); an event it drops is not sent.
    private let complete: (@Sendable ([BoundedEventQueue<Item>.Entry]) async -> [BoundedEventQueue<Item>.Entry])?
    private let replays: ReplayQueue
    private let logger: Logger

    /// - Parameters:
    ///   - batchMax: the most events in one request (1: one request per event).
    ///   - cost: an event's estimated size in bytes, for the queue's memory bound.
    ///   - complete: completes the events of a request before it is sent (not at shutdown).
    ///   - makeRequest: the request carrying some queued events.
    init(
        event: WebhookEvent, deliverer: WebhookDeliverer, queueLimit: Int, queueBytes: Int, batchMax: Int,
        batchInterval: Duration, logger: Logger, cost: @escaping @Sendable (Item) -> Int,
        complete: (@Sendable ([BoundedEventQueue<Item>.Entry]) async -> [BoundedEventQueue<Item>.Entry])? = nil,
        makeRequest: @escaping @Sendable ([BoundedEventQueue<Item>.Entry]) -> WebhookRequest
    ) {
        self.complete = complete
        self.event = event
        self.queue = BoundedEventQueue(limit: queueLimit, byteLimit: queueBytes, cost: cost)
        self.replays = ReplayQueue(doorbell: queue.doorbell)
        self.deliverer = deliverer
        self.batchMax = max(1, batchMax)
        self.batchInterval = batchInterval
        self.makeRequest = makeRequest
        self.logger = logger
    }

    /// Queues dead letters to send again, ahead of new events; returns how many were new.
    func enqueueReplay(_ requests: [WebhookRequest]) -> Int {
        replays.enqueue(requests)
    }

    /// Events not yet delivered and the age of the oldest, in seconds.
    var depth: (count: Int, lagSeconds: Double) {
        let (count, oldestQueued) = queue.depth
        let oldest = [state.snapshot.oldestPendingAt, oldestQueued].compactMap { $0 }.min()
        let lag = oldest.map { max(0, Double(WallClock.nowMilliseconds() - $0) / 1000) } ?? 0
        return (count + replays.count, lag)
    }

    /// Sends (and stores what overflows) until cancelled. ``finish(transport:)`` then deals with
    /// what is left.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.storeOverflowUntilCancelled() }
            group.addTask { await self.send() }
        }
    }

    private func send() async {
        var window = BatchWindow(batchMax: batchMax, interval: batchInterval)
        while !Task.isCancelled {
            if let replay = replays.next() {
                if await deliverer.deliver(replay, state: state) == .stopped {
                    replays.putBack(replay)
                }
                continue
            }
            let (count, _) = queue.depth
            if count == 0 {
                window.reset()
                await queue.doorbell.wait(upTo: .seconds(1))
                continue
            }
            if let wait = window.wait(before: count) {
                await queue.doorbell.wait(upTo: wait)
                continue
            }
            var entries = queue.take(upTo: batchMax)
            if let complete, !entries.isEmpty { entries = await complete(entries) }
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

    private func storeOverflowUntilCancelled() async {
        while !Task.isCancelled {
            await storeOverflow()
            await queue.overflowBell.wait(upTo: .seconds(1))
        }
    }

    /// At shutdown (outside the cancelled run): sends what is queued for up to
    /// ``shutdownDeadline`` while the endpoint answers 200, then stores the rest as dead letters
    /// in one write.
    func finish(transport: WebhookTransport) async {
        let deadline = ContinuousClock.now + Self.shutdownDeadline
        var unsent: [WebhookRequest] = []
        while true {
            let entries = queue.take(upTo: batchMax)
            guard !entries.isEmpty else { break }
            let request = makeRequest(entries)
            let remaining = deadline - ContinuousClock.now
            if unsent.isEmpty, remaining > .zero,
                case .success = await transport.post(request, attempt: 1, timeout: min(remaining, .seconds(2)))
            {
                state.recordSuccess(request)
                continue
            }
            unsent.append(request)
        }
        let now = WallClock.nowMilliseconds()
        let letters = unsent.map {
            DeadLetter(
                event: event.rawValue, eventID: $0.eventID, body: $0.body, itemCount: $0.itemCount,
                firstAttemptAt: $0.oldestItemAt, deadAt: now, attempts: 1, lastError: "not delivered before shutdown")
        }
        if !letters.isEmpty, await deliverer.storeDeadLetters(letters, maxAttempts: 3) {
            state.update { $0.deadLettered += letters.count }
        }
        await storeOverflow(maxAttempts: 3)
    }

    /// Writes what overflowed the queue to the dead letters, in one write.
    private func storeOverflow(maxAttempts: Int = .max) async {
        let (entries, dropped) = queue.takeOverflow()
        if dropped > 0 {
            deliverer.metrics.recordDropped(event, count: dropped)
            logger.critical(
                "webhook events lost: the queue and its overflow are full",
                metadata: ["jindou.event": "\(event)", "jindou.dropped": "\(dropped)"])
        }
        guard !entries.isEmpty else { return }
        let now = WallClock.nowMilliseconds()
        var letters: [DeadLetter] = []
        var index = 0
        while index < entries.count {
            let request = makeRequest(Array(entries[index..<min(index + batchMax, entries.count)]))
            index += batchMax
            letters.append(
                DeadLetter(
                    event: event.rawValue, eventID: request.eventID, body: request.body,
                    itemCount: request.itemCount, firstAttemptAt: request.oldestItemAt, deadAt: now, attempts: 0,
                    lastError: "the in-memory queue was over webhook_queue_max"))
        }
        if await deliverer.storeDeadLetters(letters, maxAttempts: maxAttempts) {
            state.update { $0.deadLettered += letters.count }
        }
    }
}
