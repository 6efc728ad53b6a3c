import Foundation
import JindouCore
import JindouStorage
import Logging
import Synchronization

/// `msg.notify`: the message log is the outbox. The stream reads the messages committed after its
/// watermark, sends them in batches, and records the watermark of what was delivered, so the
/// send path writes nothing for it and a message acknowledged before a crash is sent after the
/// restart. Batches go out one at a time, in commit order, so a channel's messages arrive in seq
/// order.
final class MessageNotifyStream: Sendable {
    /// The watermark's name in the store.
    static let watermarkName = "msg.notify"
    /// The watermark is written at most this often while messages flow (and whenever the
    /// stream catches up or stops): a crash re-sends at most this much.
    static let watermarkInterval: Duration = .milliseconds(250)

    let state = WebhookStreamState()
    private let store: any WebhookStore
    private let deliverer: WebhookDeliverer
    private let configuration: WebhookConfiguration
    private let logger: Logger
    private let doorbell = Doorbell()
    /// Messages stored since the stream last read the log (an estimate of the queue depth).
    private let unread = Atomic<Int>(0)
    private let replays: ReplayQueue
    /// Plain: every type of a webhook body spells its keys out (a key strategy doubles the cost).
    private let encoder = JSONEncoder()

    init(store: any WebhookStore, deliverer: WebhookDeliverer, configuration: WebhookConfiguration, logger: Logger) {
        self.store = store
        self.deliverer = deliverer
        self.configuration = configuration
        self.logger = logger
        self.replays = ReplayQueue(doorbell: doorbell)
    }

    /// Loads the watermark, or starts one at the end of the log (webhooks just turned on: only
    /// messages stored from now on are sent). Must finish before the first message is accepted.
    func prepare() async throws(StorageError) {
        let watermark: Int64
        if let stored = try await store.webhookWatermark(stream: Self.watermarkName) {
            watermark = stored
        } else {
            watermark = try await store.lastMessageID()
            try await store.setWebhookWatermark(stream: Self.watermarkName, messageID: watermark)
        }
        let backlog = try await store.messageCount(after: watermark)
        unread.store(backlog, ordering: .relaxed)
        state.update { $0.watermark = watermark }
        logger.info(
            "msg.notify webhook resumes after message \(watermark)", metadata: ["jindou.webhook_backlog": "\(backlog)"])
    }

    /// A message was stored: count it, and wake the stream when it is the first (its batch's
    /// interval starts now) or a batch is full.
    func messageStored() {
        let count = unread.wrappingAdd(1, ordering: .relaxed).newValue
        if count == 1 || count % configuration.batchMax == 0 {
            doorbell.ring()
        }
    }

    /// Queues batches to send again (a replay), ahead of new messages; returns how many were new.
    func enqueueReplay(_ requests: [WebhookRequest]) -> Int {
        replays.enqueue(requests)
    }

    /// The messages not yet delivered (approximate) and the age of the oldest, in seconds.
    var depth: (count: Int, lagSeconds: Double) {
        let snapshot = state.snapshot
        let pending = max(0, unread.load(ordering: .relaxed)) + replays.count
        let lag = snapshot.oldestPendingAt.map { max(0, Double(WallClock.nowMilliseconds() - $0) / 1000) } ?? 0
        return (pending, lag)
    }

    /// Sends until cancelled. ``finish()`` then records the watermark.
    /// - Parameter drain: for a lost node's outbox: stop once every message is sent (returning
    ///   true), or when `drain` answers false before a batch (another node took the outbox).
    @discardableResult
    func run(drain: (@Sendable () async -> Bool)? = nil) async -> Bool {
        var watermark = state.snapshot.watermark ?? 0
        var persisted = watermark
        var lastPersist = ContinuousClock.now
        var window = BatchWindow(batchMax: configuration.batchMax, interval: configuration.batchInterval)
        var readFailures = 0
        while !Task.isCancelled {
            if let replay = replays.next() {
                if await deliverer.deliver(replay, state: state) == .stopped {
                    replays.putBack(replay)
                }
                continue
            }
            if let drain, await !drain() { return false }
            let batch: [StoredMessage]
            do {
                batch = try await store.messagesCommitted(after: watermark, limit: configuration.batchMax)
                readFailures = 0
            } catch {
                readFailures += 1
                logger.error("msg.notify webhook cannot read the message log", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: deliverer.backoff.delay(forRetry: readFailures))
                continue
            }
            guard let first = batch.first, let last = batch.last else {
                state.update { $0.oldestPendingAt = nil }
                if watermark != persisted, await persist(watermark) { persisted = watermark }
                // A lost node commits nothing more: its outbox is sent once it reads empty.
                if drain != nil { return watermark == persisted }
                await doorbell.wait(upTo: configuration.batchInterval)
                continue
            }
            state.update { $0.oldestPendingAt = Int64(first.timestamp) * 1000 }
            if let wait = window.wait(before: batch.count) {
                await doorbell.wait(upTo: wait)
                continue
            }
            unread.wrappingSubtract(batch.count, ordering: .relaxed)
            if unread.load(ordering: .relaxed) < 0 { unread.store(0, ordering: .relaxed) }
            let request = WebhookRequest(
                event: .messageNotify, eventID: "msg.notify-\(first.messageID)-\(last.messageID)",
                body: encode(batch), itemCount: batch.count, oldestItemAt: Int64(first.timestamp) * 1000)
            if await deliverer.deliver(request, state: state) == .stopped {
                unread.wrappingAdd(batch.count, ordering: .relaxed)
                break
            }
            watermark = last.messageID
            state.update { $0.watermark = watermark }
            if ContinuousClock.now - lastPersist >= Self.watermarkInterval, await persist(watermark) {
                persisted = watermark
                lastPersist = .now
            }
        }
        return false
    }

    /// Records the watermark of what was delivered (after ``run()`` returned, outside its
    /// cancellation).
    func finish() async {
        if let watermark = state.snapshot.watermark {
            _ = await persist(watermark)
        }
    }

    /// Re-sends a range of a channel's messages, in batches, with fresh event ids.
    func replay(_ messages: [StoredMessage], tag: String) -> Int {
        var requests: [WebhookRequest] = []
        var index = 0
        while index < messages.count {
            let chunk = Array(messages[index..<min(index + configuration.batchMax, messages.count)])
            requests.append(
                WebhookRequest(
                    event: .messageNotify,
                    eventID: "msg.notify-\(chunk[0].messageID)-\(chunk[chunk.count - 1].messageID)-replay-\(tag)",
                    body: encode(chunk), itemCount: chunk.count, oldestItemAt: WallClock.nowMilliseconds()))
            index += configuration.batchMax
        }
        _ = enqueueReplay(requests)
        return requests.count
    }

    private func encode(_ messages: [StoredMessage]) -> [UInt8] {
        // Encoding plain structs of strings and integers cannot fail.
        (try? [UInt8](encoder.encode(messages.map(MessageJSON.init)))) ?? Array("[]".utf8)
    }

    private func persist(_ watermark: Int64) async -> Bool {
        do {
            try await store.setWebhookWatermark(stream: Self.watermarkName, messageID: watermark)
            return true
        } catch {
            if Task.isCancelled { return false }
            logger.error(
                "recording the msg.notify webhook watermark failed",
                metadata: ["jindou.watermark": "\(watermark)", "error": "\(error)"])
            return false
        }
    }
}
