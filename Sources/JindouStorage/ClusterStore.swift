import JindouCore

/// A store that several nodes share: where they register, see each other, and hear what the
/// others committed and changed.
///
/// The feed carries one event per committed append batch (key only: the batch's node and message
/// id range) and one per published state change, in commit order across the whole cluster.
package protocol ClusterStore: Sendable {
    /// Registers this node, taking its id for as long as this process holds the feed.
    /// - Throws: ``ClusterError/nodeIDTaken(_:)`` when a live process holds the id.
    func openFeed(for node: ClusterNode, heartbeatTimeout: Duration) async throws -> any ClusterFeed

    /// Records this node's heartbeat with its connection count and addresses.
    /// - Throws: when the node's registration is no longer this process's.
    func heartbeat(_ node: ClusterNode) async throws(StorageError)

    /// Every registered node, live or not, by id.
    func clusterNodes() async throws(StorageError) -> [ClusterNode]

    /// Removes this node's registration (at a clean shutdown).
    func leaveCluster(nodeID: Int, incarnation: String) async throws(StorageError)

    /// One channel's flags and lists, nil when it is not configured.
    func loadChannel(_ key: ChannelKey) async throws(StorageError) -> ChannelState?

    /// The messages one node committed with ids in `ids`, ascending: a batch, or everything a node
    /// committed after a point when `ids` is open-ended.
    func messagesCommitted(
        byNode nodeID: Int, in ids: ClosedRange<Int64>, limit: Int
    ) async throws(StorageError)
        -> [StoredMessage]

    /// Sends a notice to every node's feed (after the caller's change committed).
    func publish(_ notice: ClusterNotice) async throws(StorageError)

    /// Replaces this node's presence with `connections` (at startup, and after a failed update).
    func replacePresence(nodeID: Int, with connections: [ClusterConnection]) async throws(StorageError)

    /// Records connections that opened and closed on this node.
    func updatePresence(nodeID: Int, opened: [ClusterConnection], closed: [Int64]) async throws(StorageError)

    /// The connections of `uids` on every node with a heartbeat within `timeout`.
    func presence(of uids: [String], liveWithin timeout: Duration) async throws(StorageError) -> [ClusterConnection]

    /// Forgets the presence of nodes without a heartbeat within `timeout`; returns how many
    /// connections went.
    @discardableResult
    func clearPresence(ofNodesSilentFor timeout: Duration) async throws(StorageError) -> Int

    /// Claims for `claimant` the msg.notify outbox of one node without a heartbeat within
    /// `heartbeatTimeout` whose outbox is not known to be sent, unless another live node holds
    /// it; returns that node's id, nil when there is none.
    func claimLostOutbox(claimant: Int, heartbeatTimeout: Duration) async throws(StorageError) -> Int?

    /// Whether `claimant` still holds `node`'s outbox (false once the node registered again).
    func holdsOutbox(ofNode node: Int, claimant: Int) async throws(StorageError) -> Bool

    /// Gives a claimed outbox back; `drained` when every message in it was sent.
    func releaseOutbox(ofNode node: Int, claimant: Int, drained: Bool) async throws(StorageError)

    /// Another node's msg.notify outbox: its committed messages and its watermark.
    func outbox(ofNode node: Int) -> any WebhookStore
}

/// One authenticated connection as the cluster sees it.
package struct ClusterConnection: Sendable, Hashable {
    package var nodeID: Int
    /// The connection id, unique on its node.
    package var connectionID: Int64
    package var uid: String
    package var deviceFlag: UInt8
    /// Unix seconds.
    package var connectedAt: Int64

    package init(nodeID: Int, connectionID: Int64, uid: String, deviceFlag: UInt8, connectedAt: Int64) {
        self.nodeID = nodeID
        self.connectionID = connectionID
        self.uid = uid
        self.deviceFlag = deviceFlag
        self.connectedAt = connectedAt
    }
}

/// A node as registered in the shared store.
package struct ClusterNode: Sendable, Hashable, Codable {
    package var nodeID: Int
    /// Unique per process start: tells a restarted node from its previous life.
    package var incarnation: String
    package var version: String
    package var httpAddress: String
    package var tcpAddress: String
    package var wsAddress: String
    /// What `/route` hands out for this node.
    package var externalTCP: String
    package var externalWS: String
    package var externalWSS: String
    package var connections: Int
    /// Unix milliseconds (the database's clock).
    package var startedAt: Int64
    package var heartbeatAt: Int64
    /// Milliseconds since the last heartbeat, by the database's clock when read.
    package var heartbeatAge: Int64

    package init(
        nodeID: Int, incarnation: String, version: String, httpAddress: String, tcpAddress: String,
        wsAddress: String, externalTCP: String, externalWS: String, externalWSS: String, connections: Int = 0,
        startedAt: Int64 = 0, heartbeatAt: Int64 = 0, heartbeatAge: Int64 = 0
    ) {
        self.nodeID = nodeID
        self.incarnation = incarnation
        self.version = version
        self.httpAddress = httpAddress
        self.tcpAddress = tcpAddress
        self.wsAddress = wsAddress
        self.externalTCP = externalTCP
        self.externalWS = externalWS
        self.externalWSS = externalWSS
        self.connections = connections
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.heartbeatAge = heartbeatAge
    }

    /// Whether the node sent a heartbeat within `timeout`.
    package func isLive(timeout: Duration) -> Bool {
        heartbeatAge <= timeout.wholeMilliseconds
    }
}

/// The live subscription of one node to the cluster's feed. Holding it holds the node id.
package protocol ClusterFeed: Sendable {
    /// The events in commit order. The sequence ends with an error when the connection to the
    /// store is lost: whatever was committed meanwhile is not in it (catch up, then open a new feed).
    var events: AsyncThrowingStream<ClusterEvent, any Error> { get }
    /// Releases the node id and stops listening.
    func close() async
}

/// What the feed reports.
package enum ClusterEvent: Sendable, Hashable {
    /// A node committed an append batch: `count` messages with ids in `ids`.
    case committed(nodeID: Int, ids: ClosedRange<Int64>, count: Int)
    /// A notice a node published.
    case notice(ClusterNotice)
}

/// A notice between nodes: a committed state change to apply, or the confirmation of one.
package struct ClusterNotice: Sendable, Hashable {
    /// The publishing node.
    package var origin: Int
    /// Unique per origin process.
    package var number: Int64
    package var body: Body

    package enum Body: Sendable, Hashable {
        /// Reload one channel's flags and lists.
        case channel(ChannelKey)
        /// Reload the system uids.
        case systemUIDs
        /// Reload every channel and the system uids (after a user's deletion).
        case everything
        /// Close a user's connections: all of them, or one device flag's.
        case disconnect(uid: String, deviceFlag: Int?, reasonCode: UInt8, reason: String)
        /// A connection logged in on `origin` at `at` (Unix milliseconds): apply the multi-device
        /// rules to this node's sessions that logged in before it (a late notice never closes a
        /// newer session); without `at`, to all of them.
        case login(uid: String, deviceFlag: Int, deviceID: String, level: Int, at: Int64?)
        /// Node `from` applied notice `number` of `origin` (the body's own origin/number).
        case applied(from: Int, origin: Int, number: Int64)
        /// A node checking that its own feed still carries notices.
        case ping
    }

    package init(origin: Int, number: Int64, body: Body) {
        self.origin = origin
        self.number = number
        self.body = body
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    package var wholeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

/// Failures of joining a cluster.
package enum ClusterError: Error, CustomStringConvertible, Sendable {
    /// Another live process holds this node id.
    case nodeIDTaken(String)

    package var description: String {
        switch self {
        case .nodeIDTaken(let detail): detail
        }
    }
}
