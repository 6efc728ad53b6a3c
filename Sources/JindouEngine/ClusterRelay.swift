import JindouCore
import JindouProtocol
import JindouStorage
import Logging
import Synchronization

/// Makes this node one of several that share a ``ClusterStore``.
///
/// - Messages: every committed batch, this node's own included, is delivered to this node's
///   connections in the order of the cluster's feed, which is commit order, so a channel's
///   messages arrive in seq order whichever nodes committed them. This node's own messages come
///   from memory (with the sending connection, which gets no RECV of its own message); other
///   nodes' are read by id range. A channel's last delivered seq is kept so nothing is delivered
///   twice. After the feed was lost, everything each node committed meanwhile is read back.
/// - State: a change committed here is published and ``propagate(_:)`` waits until every live
///   node applied it (or the bound passed); changes from other nodes are applied and confirmed.
///   While the feed is lost or a change could not be applied, ``isInSync`` is false and the send
///   pipeline refuses sends on this node.
package final class ClusterRelay: Sendable {
    package struct Configuration: Sendable {
        package var nodeID: Int
        /// A node without a heartbeat for this long is not waited for.
        package var heartbeatTimeout: Duration
        /// How long a change waits for the other nodes to apply it.
        package var applyTimeout: Duration

        package init(nodeID: Int, heartbeatTimeout: Duration, applyTimeout: Duration) {
            self.nodeID = nodeID
            self.heartbeatTimeout = heartbeatTimeout
            self.applyTimeout = applyTimeout
        }
    }

    /// A message this node committed, waiting for its batch's turn in the feed.
    private struct OwnCommit {
        var message: StoredMessage
        var origin: ClientSession?
        var at: ContinuousClock.Instant
    }

    /// The relay waiting for `ids`' messages from this node's completions.
    private struct OwnWaiter {
        var ids: ClosedRange<Int64>
        var missing: Int
        var token: Int64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var ownCommits: [Int64: OwnCommit] = [:]
        /// The feed is waiting for this node's completions of a batch it already heard of.
        var ownWaiter: OwnWaiter?
        /// Per channel, the last seq delivered here and when.
        var delivered: [ChannelKey: (seq: UInt64, at: ContinuousClock.Instant)] = [:]
        /// Per node, the last message id of the batches processed here.
        var processedUpTo: [Int: Int64] = [:]
        /// Notices published here, by number: the nodes that have not applied them yet.
        var awaiting: [Int64: Set<Int>] = [:]
        var feedUp = false
        var needsReload = false
        /// The feed being read, so that a feed found dead can be closed from outside the loop.
        var feed: (any ClusterFeed)?
        /// The last ping this node sent itself through the feed, and when; and the last one seen.
        var pingSent: (number: Int64, at: ContinuousClock.Instant)?
        var pingSeen: Int64 = 0
    }

    /// The services whose state the other nodes' changes reload, in turn with this node's own.
    private struct Owners: Sendable {
        var channels: ChannelService
        var systemUsers: SystemUserService
    }

    package let configuration: Configuration
    private let store: any ClusterStore & SystemUserStore & ChannelStore
    private let sessions: SessionRegistry
    private let delivery: Delivery
    private let state = Mutex(State())
    private let attached = Mutex<Owners?>(nil)
    private let nextNumber = Atomic<Int64>(0)
    private let logger: Logger

    package init(
        configuration: Configuration, store: any ClusterStore & SystemUserStore & ChannelStore,
        registry: ChannelRegistry, sessions: SessionRegistry, backlog: DeliveryBacklog,
        metrics: MessagingMetrics, observer: (any MessagingObserver)?, logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.sessions = sessions
        self.delivery = Delivery(
            sessions: sessions, channels: registry, backlog: backlog, metrics: metrics, observer: observer)
        self.logger = logger
    }

    private var nodeID: Int { configuration.nodeID }

    /// Whether this node hears the cluster and has applied every change it heard of.
    package var isInSync: Bool {
        state.withLock { $0.feedUp && !$0.needsReload }
    }

    /// Reloads of other nodes' changes go through these services, in turn with this node's own
    /// changes. Set once, before the feed opens: the services are built with this relay.
    package func attach(channels: ChannelService, systemUsers: SystemUserService) {
        attached.withLock { $0 = Owners(channels: channels, systemUsers: systemUsers) }
    }

    /// The first feed is open (its events wait for ``run(first:reopen:)``): reloads what changed
    /// before it listened, then accepts sends.
    package func feedOpened(_ feed: any ClusterFeed) async throws {
        state.withLock { $0.feed = feed }
        try await reloadAll()
        state.withLock { $0.feedUp = true }
    }

    /// A message this node committed: delivered when its batch comes through the feed.
    func committedLocally(_ message: StoredMessage, origin: ClientSession?) {
        let commit = OwnCommit(message: message, origin: origin, at: .now)
        let ready = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.ownCommits[message.messageID] = commit
            guard var waiter = state.ownWaiter, waiter.ids.contains(message.messageID) else { return nil }
            waiter.missing -= 1
            state.ownWaiter = waiter.missing > 0 ? waiter : nil
            return waiter.missing > 0 ? nil : waiter.continuation
        }
        ready?.resume()
    }

    // MARK: The feed

    /// Processes the feed until cancelled: `first` is already open; a lost feed is reopened with
    /// `reopen` after a backoff, then what was committed meanwhile is caught up and every channel
    /// and system uid reloaded.
    package func run(first: any ClusterFeed, reopen: @Sendable () async throws -> any ClusterFeed) async {
        var feed: (any ClusterFeed)? = first
        var failures = 0
        var lostAt: Int64?
        while !Task.isCancelled {
            if let current = feed {
                do {
                    for try await event in current.events {
                        await handle(event)
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.error("lost the cluster feed", metadata: ["error": "\(error)"])
                    }
                }
                state.withLock {
                    $0.feedUp = false
                    $0.feed = nil
                    $0.pingSent = nil
                }
                await current.close()
                feed = nil
                lostAt = lostAt ?? WallClock.nowMilliseconds()
                continue
            }
            let backoff = min(2_000, 50 << min(failures, 6))
            try? await Task.sleep(for: .milliseconds(backoff))
            guard !Task.isCancelled else { break }
            var reopened: (any ClusterFeed)?
            do {
                let candidate = try await reopen()
                reopened = candidate
                try await catchUp(lostAt: lostAt ?? WallClock.nowMilliseconds())
                try await reloadAll()
                feed = candidate
                failures = 0
                lostAt = nil
                state.withLock {
                    $0.feed = candidate
                    $0.feedUp = true
                    $0.needsReload = false
                }
                logger.notice("the cluster feed is back; caught up")
            } catch {
                // A feed opened but not caught up would hold the node id: close it, try again.
                await reopened?.close()
                failures += 1
                logger.warning("cannot reopen the cluster feed", metadata: ["error": "\(error)"])
            }
        }
        if let feed { await feed.close() }
        state.withLock {
            $0.feedUp = false
            $0.feed = nil
        }
    }

    /// Checks that the feed still carries this node's own notices: sends a ping through it and,
    /// when the previous ping has not come back within `timeout`, closes the feed (a half-open
    /// connection delivers nothing and reports nothing), which reopens and catches up.
    package func checkFeed(timeout: Duration) async {
        let (feed, overdue) = state.withLock { state -> ((any ClusterFeed)?, Bool) in
            guard let sent = state.pingSent else { return (state.feed, false) }
            return (state.feed, state.pingSeen < sent.number && ContinuousClock.now - sent.at > timeout)
        }
        guard let feed else { return }
        if overdue {
            logger.error("the cluster feed stopped carrying this node's pings: reopening it")
            await feed.close()
            return
        }
        let pending = state.withLock { state in
            state.pingSent.map { state.pingSeen < $0.number } ?? false
        }
        guard !pending else { return }
        let number = nextNumber.wrappingAdd(1, ordering: .relaxed).newValue
        state.withLock { $0.pingSent = (number, .now) }
        do {
            try await store.publish(ClusterNotice(origin: nodeID, number: number, body: .ping))
        } catch {
            state.withLock { $0.pingSent = nil }
        }
    }

    private func handle(_ event: ClusterEvent) async {
        switch event {
        case .committed(let node, let ids, let count):
            await deliverBatch(of: node, ids: ids, count: count)
        case .notice(let notice):
            await apply(notice)
        }
    }

    private func deliverBatch(of node: Int, ids: ClosedRange<Int64>, count: Int) async {
        let seen = state.withLock { $0.processedUpTo[node].map { ids.upperBound <= $0 } ?? false }
        guard !seen else { return }
        var messages: [(StoredMessage, ClientSession?)] = []
        if node == nodeID {
            messages = await ownMessages(in: ids, count: count)
        } else if sessions.connectionCount > 0 {
            messages = await read(byNode: node, ids, count: count).map { ($0, nil) }
        }
        deliver(messages)
        state.withLock { $0.processedUpTo[node] = max($0.processedUpTo[node] ?? 0, ids.upperBound) }
    }

    /// This node's messages of a batch: from memory, waiting briefly for the completions that run
    /// right after COMMIT (the notification may overtake them); read back if they never come.
    private func ownMessages(in ids: ClosedRange<Int64>, count: Int) async -> [(StoredMessage, ClientSession?)] {
        await waitForCompletions(of: ids, count: count, timeout: .seconds(2))
        let taken = take(ids)
        guard taken.count < count else { return taken }
        let have = Set(taken.map(\.0.messageID))
        let read = await read(byNode: nodeID, ids, count: count)
        return taken + read.filter { !have.contains($0.messageID) }.map { ($0, nil) }
    }

    /// Takes this node's completed messages with ids in `ids`, with their sending connections.
    private func take(_ ids: ClosedRange<Int64>) -> [(StoredMessage, ClientSession?)] {
        state.withLock { state in
            let keys = state.ownCommits.keys.filter { ids.contains($0) }
            return keys.compactMap { state.ownCommits.removeValue(forKey: $0) }.map { ($0.message, $0.origin) }
        }
    }

    /// Waits until `count` of this node's messages with ids in `ids` have been completed (at once
    /// when they have), or the timeout passes. The completions run right after COMMIT; the feed
    /// may overtake them.
    private func waitForCompletions(of ids: ClosedRange<Int64>, count: Int, timeout: Duration) async {
        let token = nextNumber.wrappingAdd(1, ordering: .relaxed).newValue
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                let present = state.ownCommits.keys.count { ids.contains($0) }
                guard present < count else { return true }
                state.ownWaiter = OwnWaiter(
                    ids: ids, missing: count - present, token: token, continuation: continuation)
                return false
            }
            if ready {
                continuation.resume()
                return
            }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                guard let self else { return }
                let expired = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard let waiter = state.ownWaiter, waiter.token == token else { return nil }
                    state.ownWaiter = nil
                    return waiter.continuation
                }
                expired?.resume()
            }
        }
    }

    /// A batch read back by ids, retried briefly; on failure the local recipients miss the RECV
    /// and get the messages when their clients sync.
    private func read(byNode node: Int, _ ids: ClosedRange<Int64>, count: Int) async -> [StoredMessage] {
        for attempt in 1...3 {
            do {
                return try await store.messagesCommitted(byNode: node, in: ids, limit: count)
            } catch {
                logger.error(
                    "cannot read a committed batch of node \(node)",
                    metadata: ["error": "\(error)", "jindou.attempt": "\(attempt)"])
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
        return []
    }

    /// Delivers in seq order per channel, skipping what this node delivered already. The node that
    /// committed a message reports its offline recipients.
    private func deliver(_ messages: [(StoredMessage, ClientSession?)]) {
        guard !messages.isEmpty else { return }
        let now = ContinuousClock.now
        let ordered = messages.sorted { ($0.0.channel.id, $0.0.seq) < ($1.0.channel.id, $1.0.seq) }
        let fresh = state.withLock { state in
            ordered.filter { message, _ in
                if let last = state.delivered[message.channel], last.seq >= message.seq { return false }
                state.delivered[message.channel] = (message.seq, now)
                return true
            }
        }
        for (message, origin) in fresh {
            let committedHere = MessageIDGenerator.nodeID(of: message.messageID) == Int64(nodeID)
            delivery.fanOut(message, excluding: origin, reportsOffline: committedHere)
        }
    }

    /// Reads back what every node committed since the feed was lost (or, for a node not heard from
    /// before, since shortly before it was lost) and delivers it merged, in seq order per channel.
    private func catchUp(lostAt: Int64) async throws {
        let listed = try await store.clusterNodes().map(\.nodeID)
        let known = state.withLock { Array($0.processedUpTo.keys) }
        let floor = MessageIDGenerator.smallestID(atMilliseconds: lostAt - 10_000)
        var missed: [StoredMessage] = []
        var reached: [Int: Int64] = [:]
        for node in Set(listed + known + [nodeID]) {
            var after = state.withLock { $0.processedUpTo[node] } ?? floor
            while true {
                let page = try await store.messagesCommitted(byNode: node, in: (after + 1)...Int64.max, limit: 2_000)
                guard let last = page.last else { break }
                missed += page
                after = last.messageID
                reached[node] = after
            }
        }
        let withOrigins = state.withLock { state in
            missed.map { message in (message, state.ownCommits.removeValue(forKey: message.messageID)?.origin) }
        }
        deliver(withOrigins)
        state.withLock { state in
            for (node, id) in reached {
                state.processedUpTo[node] = max(state.processedUpTo[node] ?? 0, id)
            }
        }
    }

    // MARK: State changes

    private func apply(_ notice: ClusterNotice) async {
        switch notice.body {
        case .applied(let from, let origin, let number):
            if origin == nodeID {
                state.withLock { _ = $0.awaiting[number]?.remove(from) }
            }
            return
        case .ping:
            if notice.origin == nodeID {
                state.withLock { $0.pingSeen = max($0.pingSeen, notice.number) }
            }
            return
        default:
            break
        }
        guard notice.origin != nodeID else { return }
        forgetDelivered(for: notice.body)
        do {
            switch notice.body {
            case .channel(let key):
                let store = self.store
                try await owners().channels.reload(key) { try await store.loadChannel(key) }
            case .systemUIDs:
                try await reloadSystemUIDs()
            case .everything:
                try await reloadAll()
            case .disconnect(let uid, let flag, let code, let reason):
                sessions.kick(
                    uid, deviceFlags: flag.map { [DeviceFlag(UInt8(truncatingIfNeeded: $0))] },
                    reasonCode: ReasonCode(rawValue: code), reason: reason)
            case .login(let uid, let flag, let deviceID, let level, let at):
                let replaced = sessions.removeReplaced(
                    byLoginOf: uid, deviceFlag: DeviceFlag(UInt8(truncatingIfNeeded: flag)), deviceID: deviceID,
                    level: DeviceLevel(rawValue: UInt8(truncatingIfNeeded: level)) ?? .slave, loggedInAt: at)
                for (session, verdict) in replaced {
                    session.closeReplaced(verdict)
                }
                return
            case .applied, .ping:
                return
            }
        } catch {
            // Not confirmed: the publisher names this node, and it refuses sends until a reload works.
            logger.error("cannot apply a change from node \(notice.origin)", metadata: ["error": "\(error)"])
            state.withLock { $0.needsReload = true }
            return
        }
        let confirmation = ClusterNotice(
            origin: nodeID, number: nextNumber.wrappingAdd(1, ordering: .relaxed).newValue,
            body: .applied(from: nodeID, origin: notice.origin, number: notice.number))
        do {
            try await store.publish(confirmation)
        } catch {
            logger.warning("cannot confirm a change to node \(notice.origin)", metadata: ["error": "\(error)"])
        }
    }

    /// Reloads every channel and the system uids from the store.
    private func reloadAll() async throws {
        try await owners().channels.reloadAll()
        try await reloadSystemUIDs()
    }

    private func reloadSystemUIDs() async throws {
        let store = self.store
        try await owners().systemUsers.reload { try await store.systemUIDs() }
    }

    /// The attached services; not attached is a wiring mistake, reported as a failed reload.
    private func owners() throws -> Owners {
        guard let owners = attached.withLock({ $0 }) else {
            throw StorageError(.unavailable, "the cluster relay has no channel and system-user services attached")
        }
        return owners
    }

    /// A channel that was changed may have been deleted and created again, its seqs starting over:
    /// forget what was delivered on it (only a read-back after a lost feed could repeat a message).
    private func forgetDelivered(for body: ClusterNotice.Body) {
        switch body {
        case .channel(let key):
            state.withLock { _ = $0.delivered.removeValue(forKey: key) }
        case .everything:
            state.withLock { $0.delivered.removeAll() }
        default:
            break
        }
    }

    /// Retries a reload that failed (called periodically); true when this node is in sync.
    @discardableResult
    package func repairIfNeeded() async -> Bool {
        guard state.withLock({ $0.needsReload }) else { return isInSync }
        do {
            try await reloadAll()
            state.withLock { $0.needsReload = false }
            logger.notice("reloaded the cluster's state after a change could not be applied")
        } catch {
            logger.warning("cannot reload the cluster's state", metadata: ["error": "\(error)"])
        }
        return isInSync
    }

    /// Tells every live node of a change committed here and waits until each applied it, for at
    /// most the apply timeout. Returns the nodes that did not confirm (also recorded in the
    /// current ``PropagationReport``).
    @discardableResult
    package func propagate(_ body: ClusterNotice.Body) async -> [Int] {
        forgetDelivered(for: body)
        let number = nextNumber.wrappingAdd(1, ordering: .relaxed).newValue
        let others: [Int]
        do {
            others = try await store.clusterNodes()
                .filter { $0.nodeID != nodeID && $0.isLive(timeout: configuration.heartbeatTimeout) }
                .map(\.nodeID)
        } catch {
            logger.error("cannot read the cluster's nodes to propagate a change", metadata: ["error": "\(error)"])
            others = []
        }
        state.withLock { $0.awaiting[number] = Set(others) }
        var lagging: [Int]
        do {
            try await store.publish(ClusterNotice(origin: nodeID, number: number, body: body))
            let deadline = ContinuousClock.now + configuration.applyTimeout
            while ContinuousClock.now < deadline, !Task.isCancelled,
                state.withLock({ $0.awaiting[number]?.isEmpty == false })
            {
                try? await Task.sleep(for: .milliseconds(2))
            }
            lagging = state.withLock { $0.awaiting.removeValue(forKey: number).map { $0.sorted() } ?? [] }
        } catch {
            logger.error("cannot publish a change to the cluster", metadata: ["error": "\(error)"])
            state.withLock { _ = $0.awaiting.removeValue(forKey: number) }
            lagging = others.sorted()
        }
        if !lagging.isEmpty {
            logger.warning(
                "nodes did not confirm a change within \(configuration.applyTimeout)",
                metadata: ["jindou.lagging_nodes": "\(lagging)"])
            PropagationReport.current?.record(lagging)
        }
        return lagging
    }

    /// Tells the other nodes that `session` logged in here, so that they apply the multi-device
    /// rules to their own sessions of the user. Does not wait.
    package func announceLogin(_ session: ClientSession) {
        let notice = ClusterNotice(
            origin: nodeID, number: nextNumber.wrappingAdd(1, ordering: .relaxed).newValue,
            body: .login(
                uid: session.uid, deviceFlag: Int(session.deviceFlag.rawValue), deviceID: session.deviceID,
                level: Int(session.level.rawValue), at: session.authenticatedAt))
        let store = self.store
        let logger = self.logger
        Task {
            do {
                try await store.publish(notice)
            } catch {
                logger.warning("cannot announce a login to the cluster", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Forgets what no longer matters: own commits whose batch never came (the feed was lost and
    /// the catch-up delivered them) and channels idle for ten minutes.
    package func prune() {
        let now = ContinuousClock.now
        state.withLock { state in
            state.ownCommits = state.ownCommits.filter { now - $0.value.at < .seconds(60) }
            state.delivered = state.delivered.filter { now - $0.value.at < .seconds(600) }
        }
    }
}
