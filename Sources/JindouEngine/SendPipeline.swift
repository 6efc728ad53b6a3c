import JindouCore
import JindouProtocol
import JindouStorage
import Logging

/// The send pipeline: validate, rate-limit, check permissions, store (group-committed),
/// acknowledge, fan out.
///
/// System users skip the rate limit and their messages take the storage's priority lane, so they
/// are committed and delivered ahead of queued ordinary traffic.
///
/// Under overload (the ``DeliveryBacklog`` past its budget) every new message is refused with
/// reason 22 until the backlog drains; what was accepted is still stored and delivered.
///
/// Used by the gateway for client SENDs and by the HTTP API for `/message/send`. Messages of one
/// channel are stored and delivered in the order they are submitted.
package final class SendPipeline: Sendable {
    private let store: any MessageStore
    private let channels: ChannelRegistry
    private let systemUsers: SystemUsers
    private let delivery: Delivery
    private let ignoresPersonAllowlist: Bool
    private let rateLimiter: KeyedRateLimiter
    private let backlog: DeliveryBacklog
    private let metrics: MessagingMetrics
    private let failureLog: RepeatThrottle
    private let observer: (any MessagingObserver)?
    /// In a cluster: delivers committed messages in the cluster's commit order.
    private let cluster: ClusterRelay?
    private let logger: Logger

    package init(
        store: any MessageStore, channels: ChannelRegistry, sessions: SessionRegistry, systemUsers: SystemUsers,
        ignoresPersonAllowlist: Bool, rateLimiter: KeyedRateLimiter, backlog: DeliveryBacklog,
        metrics: MessagingMetrics, observer: (any MessagingObserver)? = nil, cluster: ClusterRelay? = nil,
        logger: Logger
    ) {
        self.cluster = cluster
        self.store = store
        self.channels = channels
        self.systemUsers = systemUsers
        self.backlog = backlog
        self.failureLog = RepeatThrottle(interval: .seconds(10))
        self.delivery = Delivery(
            sessions: sessions, channels: channels, backlog: backlog, metrics: metrics, observer: observer)
        self.observer = observer
        self.ignoresPersonAllowlist = ignoresPersonAllowlist
        self.rateLimiter = rateLimiter
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs a message through the pipeline. `completion` runs once the outcome is final (for stored
    /// messages: durable), before the message is delivered to others, on an arbitrary thread.
    /// - Parameter origin: the sending connection, which gets no RECV of its own message.
    package func submit(
        _ message: OutboundMessage, origin: ClientSession?, completion: @escaping @Sendable (SendOutcome) -> Void
    ) {
        if let reason = validate(message) {
            refuse(reason, completion)
            return
        }
        if let cluster, !cluster.isInSync {
            // This node may not know the cluster's latest permissions: refuse until it has caught up.
            refuse(.systemError, completion)
            return
        }
        if backlog.isOverBudget {
            metrics.overloadRefusals.increment()
            refuse(.rateLimit, completion)
            return
        }
        // Read once: a change of the system list applies from the next message on.
        let senderIsSystem = systemUsers.contains(message.fromUID)
        if !senderIsSystem && !rateLimiter.allow(message.fromUID) {
            metrics.rateLimitedSends.increment()
            refuse(.rateLimit, completion)
            return
        }
        let key = message.storageKey
        let verdict = permission(for: message, key: key, senderIsSystem: senderIsSystem)
        guard verdict == .success else {
            refuse(verdict, completion)
            return
        }
        let timestamp = Int32(truncatingIfNeeded: Int64(WallClock.nowSeconds()))
        var flags = message.flags
        flags.remove(.dup)
        if flags.contains(.noPersist) {
            let stored = StoredMessage(
                messageID: store.nextMessageID(), channel: key, seq: 0, clientMsgNo: message.clientMsgNo,
                fromUID: message.fromUID, timestamp: timestamp, setting: message.setting, flags: flags,
                expire: message.expire, topic: message.topic, payload: message.payload)
            completion(.transient(messageID: stored.messageID))
            delivery.fanOut(stored, excluding: origin)
            return
        }
        let request = AppendRequest(
            channel: key, fromUID: message.fromUID, clientMsgNo: message.clientMsgNo, setting: message.setting,
            flags: flags, expire: message.expire, topic: message.topic, payload: message.payload, timestamp: timestamp,
            priority: senderIsSystem)
        let delivery = self.delivery
        let logger = self.logger
        let metrics = self.metrics
        let backlog = self.backlog
        let failureLog = self.failureLog
        let observer = self.observer
        let cluster = self.cluster
        // Reserved for what the message will cost once delivered, so that the messages admitted
        // while others wait for their commit cannot together overshoot the budget.
        let cost = DeliveryBacklog.cost(payloadSize: message.payload.count, count: delivery.recipientCount(of: key))
        backlog.reserve(cost)
        store.append(request) { result in
            defer { backlog.release(cost) }
            switch result {
            case .success(.stored(let stored)):
                metrics.messagesStored.increment()
                observer?.messageStored(stored)
                completion(.stored(stored))
                if let cluster {
                    cluster.committedLocally(stored, origin: origin)
                } else {
                    delivery.fanOut(stored, excluding: origin)
                }
            case .success(.duplicate(let original)):
                completion(.duplicate(original))
            case .success(.conflict):
                metrics.recordRefusal(.idempotencyConflict)
                completion(.refused(.idempotencyConflict))
            case .failure(let error):
                if let suppressed = failureLog.shouldLog() {
                    logger.error(
                        "message append failed",
                        metadata: [
                            "jindou.channel": "\(key)", "error": "\(error)",
                            "jindou.similar_errors_suppressed": "\(suppressed)",
                        ])
                }
                metrics.recordRefusal(.systemError)
                completion(.refused(.systemError))
            }
        }
    }

    /// Runs a message through the pipeline and waits for its outcome.
    package func submit(_ message: OutboundMessage, origin: ClientSession? = nil) async -> SendOutcome {
        await withCheckedContinuation { continuation in
            submit(message, origin: origin) { continuation.resume(returning: $0) }
        }
    }

    private func refuse(_ reason: ReasonCode, _ completion: @Sendable (SendOutcome) -> Void) {
        metrics.recordRefusal(reason)
        completion(.refused(reason))
    }

    private func validate(_ message: OutboundMessage) -> ReasonCode? {
        if message.channelID.isEmpty || message.channelID.utf8.count > IdentifierRules.maxChannelIDLength {
            return .channelIDError
        }
        if message.channelType.rawValue == 0 { return .notSupportChannelType }
        if message.channelType == .person {
            if !IdentifierRules.isValidUID(message.channelID) { return .channelIDError }
        } else if IdentifierRules.containsReservedCharacter(message.channelID)
            && message.channelType != .agent && message.channelType != .communityTopic
        {
            return .channelIDError
        }
        return nil
    }

    private func permission(for message: OutboundMessage, key: ChannelKey, senderIsSystem: Bool) -> ReasonCode {
        let sender = message.fromUID
        var context = SendRequestContext(
            sender: sender, senderIsSystem: senderIsSystem,
            senderChannel: channels.state(of: ChannelKey(id: sender, type: .person)), channel: key,
            channelState: nil, ignoresPersonAllowlist: ignoresPersonAllowlist)
        if key.type == .person {
            let recipient = message.channelID
            context.recipient = recipient
            context.recipientIsSystem = systemUsers.contains(recipient)
            context.recipientChannel = channels.state(of: ChannelKey(id: recipient, type: .person))
        } else {
            context.channelState = channels.state(of: key)
        }
        return SendPermission.evaluate(context)
    }
}
