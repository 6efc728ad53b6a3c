import CoreMetrics
import Foundation
import JindouCore
import JindouEngine
import JindouStorage
import Logging
import NIOCore
import ServiceLifecycle

/// The webhooks to the business backend: observes the engine, runs one stream per selected event
/// (each with one request in flight), and answers the admin routes. Runs as a service until the
/// graceful shutdown, which it outlives only to record its watermark and store what it could not
/// send.
package final class Webhooks: MessagingObserver, Service {
    package let configuration: WebhookConfiguration
    private let store: any WebhookStore & MessageStore
    private let transport: WebhookTransport
    private let metrics: WebhookMetrics
    private let notify: MessageNotifyStream?
    private let deliverer: WebhookDeliverer
    private let offline: QueuedEventStream<OfflineEvent>?
    private let presence: QueuedEventStream<PresenceChange>?
    private let logger: Logger

    /// - Parameters:
    ///   - nodeID: this node's id, sent as msg.offline's `source_id`.
    ///   - remotePresence: in a cluster, the other nodes' connections: msg.offline leaves out a
    ///     recipient online on another node, and user.onlinestatus counts every node's connections.
    ///   - eventLoopGroup: where the HTTP client's connections live.
    package init(
        configuration: WebhookConfiguration, store: any WebhookStore & MessageStore, nodeID: Int64,
        remotePresence: RemotePresence? = nil, metricsFactory: any MetricsFactory,
        eventLoopGroup: any EventLoopGroup, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        let metrics = WebhookMetrics(factory: metricsFactory)
        self.metrics = metrics
        let transport = WebhookTransport(configuration: configuration, eventLoopGroup: eventLoopGroup)
        self.transport = transport
        let deliverer = WebhookDeliverer(
            transport: transport, store: store,
            backoff: RetryBackoff(base: configuration.retryBase, cap: configuration.retryMax),
            maxAge: configuration.maxAge, metrics: metrics, logger: logger)
        self.deliverer = deliverer
        let events = configuration.events
        notify =
            events.contains(.messageNotify)
            ? MessageNotifyStream(store: store, deliverer: deliverer, configuration: configuration, logger: logger)
            : nil
        let threshold = configuration.offlineCompressThreshold
        offline =
            events.contains(.messageOffline)
            ? QueuedEventStream(
                event: .messageOffline, deliverer: deliverer, queueLimit: configuration.queueLimit,
                queueBytes: configuration.queueBytes, batchMax: 1, batchInterval: .zero, logger: logger,
                cost: { event in
                    // The message and the uid list, plus the containers around them.
                    256 + event.message.payload.count + event.uids.reduce(0) { $0 + 16 + $1.utf8.count }
                },
                complete: remotePresence.map { remote in
                    { entries in await Self.leaveOutOnlineElsewhere(entries, remote, logger) }
                }
            ) { entries in
                let event = entries[0].item
                let body = OfflineNotification(
                    message: event.message, offline: event.uids, nodeID: nodeID, compressAbove: threshold)
                return WebhookRequest(
                    event: .messageOffline, eventID: "msg.offline-\(event.message.messageID)",
                    body: Self.json(body), itemCount: 1, oldestItemAt: entries[0].queuedAt)
            } : nil
        // Event ids of status batches are unique per process start and batch.
        let boot = String(UInt32.random(in: .min ... .max), radix: 36)
        let batchNumber = BatchCounter()
        presence =
            events.contains(.userOnlineStatus)
            ? QueuedEventStream(
                event: .userOnlineStatus, deliverer: deliverer, queueLimit: configuration.queueLimit,
                queueBytes: configuration.queueBytes, batchMax: configuration.batchMax,
                batchInterval: configuration.batchInterval, logger: logger, cost: { 96 + $0.uid.utf8.count },
                complete: remotePresence.map { remote in
                    { entries in await Self.countConnectionsElsewhere(entries, remote, logger) }
                }
            ) { entries in
                WebhookRequest(
                    event: .userOnlineStatus, eventID: "user.onlinestatus-\(boot)-\(batchNumber.next())",
                    body: Self.json(entries.map { OnlineStatusLine.line($0.item) }), itemCount: entries.count,
                    oldestItemAt: entries[0].queuedAt)
            } : nil
    }

    /// msg.offline: the recipients this node has no connection for, less those online on
    /// another node; an event left without recipients is not sent.
    private static func leaveOutOnlineElsewhere(
        _ entries: [BoundedEventQueue<OfflineEvent>.Entry], _ remote: RemotePresence, _ logger: Logger
    ) async -> [BoundedEventQueue<OfflineEvent>.Entry] {
        var completed: [BoundedEventQueue<OfflineEvent>.Entry] = []
        for var entry in entries {
            let (offline, error) = await remote.offlineElsewhere(entry.item.uids)
            if let error {
                logger.warning(
                    "msg.offline: cannot read the other nodes' connections; reporting this node's view",
                    metadata: ["error": "\(error)"])
            }
            guard !offline.isEmpty else { continue }
            entry.item.uids = offline
            completed.append(entry)
        }
        return completed
    }

    /// user.onlinestatus: a change's counts include the user's connections on the other nodes.
    private static func countConnectionsElsewhere(
        _ entries: [BoundedEventQueue<PresenceChange>.Entry], _ remote: RemotePresence, _ logger: Logger
    ) async -> [BoundedEventQueue<PresenceChange>.Entry] {
        let uids = Array(Set(entries.map(\.item.uid)))
        let elsewhere: [ClusterConnection]
        do {
            elsewhere = try await remote.connections(uids)
        } catch {
            logger.warning(
                "user.onlinestatus: cannot read the other nodes' connections; counting this node's",
                metadata: ["error": "\(error)"])
            return entries
        }
        guard !elsewhere.isEmpty else { return entries }
        let byUID = Dictionary(grouping: elsewhere, by: \.uid)
        return entries.map { entry in
            var entry = entry
            let others = byUID[entry.item.uid] ?? []
            entry.item.totalOnlineCount += others.count
            entry.item.deviceOnlineCount += others.count { $0.deviceFlag == entry.item.deviceFlag.rawValue }
            return entry
        }
    }

    private static func json(_ value: some Encodable) -> [UInt8] {
        // The bodies are plain structs of strings and numbers: encoding cannot fail.
        (try? [UInt8](JSONEncoder().encode(value))) ?? []
    }

    // MARK: - MessagingObserver

    package var observesOfflineRecipients: Bool { offline != nil }

    package func messageStored(_ message: StoredMessage) {
        notify?.messageStored()
    }

    package func recipientsOffline(_ uids: [String], of message: StoredMessage) {
        offline?.queue.append(OfflineEvent(message: message, uids: uids), at: WallClock.nowMilliseconds())
    }

    package func presenceChanged(_ change: PresenceChange) {
        presence?.queue.append(change, at: WallClock.nowMilliseconds())
    }

    // MARK: - Lifecycle

    /// Loads (or starts) the msg.notify watermark. Call before any message can be accepted.
    package func prepare() async throws(StorageError) {
        try await notify?.prepare()
        logger.info(
            "webhooks on",
            metadata: [
                "jindou.webhook_url": "\(configuration.displayURL)",
                "jindou.webhook_events": "\(configuration.events.map(\.rawValue).sorted().joined(separator: ","))",
                "jindou.webhook_signed": "\(!configuration.secret.isEmpty)",
            ])
    }

    package func run() async throws {
        let notify = self.notify
        let offline = self.offline
        let presence = self.presence
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if let notify { group.addTask { await notify.run() } }
                if let offline { group.addTask { await offline.run() } }
                if let presence { group.addTask { await presence.run() } }
            }
        }
        // Not cancelled even if the service group is: the store must still take the watermark
        // and the dead letters.
        await Task {
            await notify?.finish()
            await offline?.finish(transport: self.transport)
            await presence?.finish(transport: self.transport)
            await self.transport.shutdown()
        }.value
    }

    /// Closes the HTTP client when the server fails to start after creating the webhooks (``run()``
    /// does it otherwise).
    package func shutdown() async {
        await transport.shutdown()
    }

    // MARK: - A lost node's outbox

    /// Whether msg.notify is on, so that a lost node's outbox is this node's to send too.
    package var sendsMessageNotify: Bool { notify != nil }

    /// Sends the messages a lost node committed and had not sent (its outbox, from its
    /// watermark on), as its own stream would have, until all are sent or `stillHeld` answers
    /// false (the node came back, or the claim went). Returns whether all were sent. An outbox
    /// that never had a watermark (msg.notify was off on that node) counts as sent.
    package func sendLostOutbox(
        _ outbox: any WebhookStore, node: Int, stillHeld: @escaping @Sendable () async -> Bool
    ) async -> Bool {
        guard notify != nil else { return false }
        var logger = self.logger
        logger[metadataKey: "jindou.lost_node"] = "\(node)"
        let stream = MessageNotifyStream(
            store: outbox, deliverer: deliverer, configuration: configuration, logger: logger)
        do {
            guard try await outbox.webhookWatermark(stream: MessageNotifyStream.watermarkName) != nil else {
                return true
            }
            try await stream.prepare()
        } catch {
            logger.error("cannot read lost node \(node)'s msg.notify outbox", metadata: ["error": "\(error)"])
            return false
        }
        let drained = await stream.run(drain: stillHeld)
        await stream.finish()
        if drained {
            logger.notice(
                "sent lost node \(node)'s msg.notify outbox",
                metadata: ["jindou.watermark": "\(stream.state.snapshot.watermark ?? 0)"])
        }
        return drained
    }

    // MARK: - Operations

    /// The state of every event's stream.
    package func status() async -> WebhookStatus {
        let deadLetters = (try? await store.deadLetterCounts()) ?? [:]
        var events: [String: WebhookStatus.EventStatus] = [:]
        for event in WebhookEvent.allCases {
            let stream = streamState(event)
            let snapshot = stream?.state.snapshot ?? WebhookStreamState.Snapshot()
            events[event.rawValue] = WebhookStatus.EventStatus(
                enabled: stream != nil, watermark: snapshot.watermark, queueDepth: stream?.depth.count ?? 0,
                lagSeconds: stream?.depth.lagSeconds ?? 0, lastSuccessAt: snapshot.lastSuccessAt,
                lastError: snapshot.lastError, lastErrorAt: snapshot.lastErrorAt,
                inFlightRetries: snapshot.inFlightRetries, deliveredRequests: snapshot.deliveredRequests,
                deliveredItems: snapshot.deliveredItems, failedAttempts: snapshot.failedAttempts,
                deadLetters: deadLetters[event.rawValue] ?? 0)
        }
        return WebhookStatus(enabled: true, url: configuration.displayURL, events: events)
    }

    /// Updates the lag and depth gauges (when metrics are scraped).
    package func observeMetrics() {
        for event in WebhookEvent.allCases {
            guard let stream = streamState(event) else { continue }
            let depth = stream.depth
            metrics.observe(event, depth: depth.count, lagSeconds: depth.lagSeconds)
        }
    }

    private func streamState(
        _ event: WebhookEvent
    ) -> (state: WebhookStreamState, depth: (count: Int, lagSeconds: Double))? {
        switch event {
        case .messageNotify: notify.map { ($0.state, $0.depth) }
        case .messageOffline: offline.map { ($0.state, $0.depth) }
        case .userOnlineStatus: presence.map { ($0.state, $0.depth) }
        }
    }

    /// The most dead letters one replay call queues (call again for the rest).
    package static let maxReplayDeadLetters = 10_000

    /// Queues stored dead letters to be sent again (all of them, or those with `ids`; of one event
    /// if given; at most ``maxReplayDeadLetters``), each with its original event id. A dead letter
    /// already queued is not queued twice; one leaves the store once a replay of it gets a 200.
    /// Returns how many were queued.
    package func replayDeadLetters(event: WebhookEvent?, ids: Set<Int64>?) async throws(StorageError) -> Int {
        var after: Int64 = 0
        var queued = 0
        while queued < Self.maxReplayDeadLetters {
            let page = try await store.deadLetters(event: event?.rawValue, after: after, limit: 500)
            guard let last = page.last else { break }
            after = last.id
            var byEvent: [WebhookEvent: [WebhookRequest]] = [:]
            for letter in page where ids?.contains(letter.id) ?? true {
                guard let letterEvent = WebhookEvent(rawValue: letter.event) else { continue }
                byEvent[letterEvent, default: []].append(
                    WebhookRequest(
                        event: letterEvent, eventID: letter.eventID, body: letter.body, itemCount: letter.itemCount,
                        // A replay is retried for the maximum age from now.
                        oldestItemAt: WallClock.nowMilliseconds(), deadLetterID: letter.id))
            }
            for (letterEvent, requests) in byEvent {
                switch letterEvent {
                case .messageNotify: queued += notify?.enqueueReplay(requests) ?? 0
                case .messageOffline: queued += offline?.enqueueReplay(requests) ?? 0
                case .userOnlineStatus: queued += presence?.enqueueReplay(requests) ?? 0
                }
            }
        }
        return queued
    }

    /// The most messages one replay of a channel queues (the first ones of its range).
    package static let maxReplayMessages = 10_000

    /// Sends a channel's messages with seqs in `seqs` to msg.notify again. Returns the number of
    /// messages queued (nil when msg.notify is not enabled).
    package func replayMessages(of channel: ChannelKey, seqs: ClosedRange<UInt64>) async throws(StorageError) -> Int? {
        guard let notify else { return nil }
        let messages = try await store.messages(
            in: channel,
            MessageQuery(
                fromSeq: seqs.lowerBound, toSeq: seqs.upperBound, limit: Self.maxReplayMessages, newestFirst: false
            ))
        _ = notify.replay(messages, tag: String(WallClock.nowMilliseconds(), radix: 36))
        return messages.count
    }
}
