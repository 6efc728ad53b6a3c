import JindouCore
import JindouStorage
import Logging
import PostgresNIO
import Synchronization

/// A node's own connection to the cluster: it holds the node id (a session advisory lock, freed by
/// the server the moment the process dies) and listens on ``PostgresClusterPayload/channel``.
///
/// PostgreSQL delivers notifications in commit order, after commit, to every listening session:
/// the feed is the cluster's ordered log of what committed. It is not durable: a listener that
/// reconnects missed everything in between, which the reader catches up from the tables.
final class PostgresClusterFeed: ClusterFeed {
    /// The advisory lock space of node ids (the second key is the node id).
    static let lockSpace: Int32 = 0x6A69_6E64

    let events: AsyncThrowingStream<ClusterEvent, any Error>
    private let connection: PostgresConnection
    private let listener: Task<Void, Never>

    private init(
        connection: PostgresConnection, events: AsyncThrowingStream<ClusterEvent, any Error>,
        listener: Task<Void, Never>
    ) {
        self.connection = connection
        self.events = events
        self.listener = listener
    }

    /// Connects, takes the node id, registers the node and starts listening; returns once the
    /// LISTEN is in force, so every commit after this returns is in ``events``.
    static func open(
        url: PostgresURL, node: ClusterNode, heartbeatTimeout: Duration, connectTimeout: Duration, logger: Logger
    ) async throws -> PostgresClusterFeed {
        var configuration = try url.connectionConfiguration(connectTimeout: connectTimeout)
        // Named, so that operators (and tests) can find a node's feed in pg_stat_activity.
        configuration.options.additionalStartupParameters = [("application_name", "jindou-feed-node-\(node.nodeID)")]
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: node.nodeID, logger: logger)
        do {
            try await takeNodeID(node, heartbeatTimeout: heartbeatTimeout, on: connection, logger: logger)
            try await register(node, on: connection, logger: logger)
            let (events, continuation) = AsyncThrowingStream.makeStream(of: ClusterEvent.self)
            let (listening, listeningContinuation) = AsyncStream.makeStream(of: Void.self)
            let listener = Task {
                do {
                    try await connection.listen(on: PostgresClusterPayload.channel) { notifications in
                        listeningContinuation.yield()
                        listeningContinuation.finish()
                        for try await notification in notifications {
                            if let event = PostgresClusterPayload.event(notification.payload) {
                                continuation.yield(event)
                            } else {
                                logger.warning(
                                    "ignored a cluster notification this version does not know",
                                    metadata: ["payload": "\(notification.payload.prefix(200))"])
                            }
                        }
                    }
                    continuation.finish(throwing: StorageError(.unavailable, "the cluster feed's connection closed"))
                } catch {
                    listeningContinuation.finish()
                    continuation.finish(throwing: error)
                }
            }
            for await _ in listening { break }
            return PostgresClusterFeed(connection: connection, events: events, listener: listener)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Takes the node id's advisory lock. The session of a process that just died may hold it for
    /// a moment (until the server reads the closed socket): the lock is tried for up to two
    /// seconds. A holder whose node has sent no heartbeat within the timeout is a dead session the
    /// server has not noticed (a machine gone without closing its sockets): it is terminated.
    private static func takeNodeID(
        _ node: ClusterNode, heartbeatTimeout: Duration, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let id = Int32(clamping: node.nodeID)
        var description = "node id \(node.nodeID) is held by another live process"
        for attempt in 1...20 {
            let rows = try await connection.query("SELECT pg_try_advisory_lock(\(lockSpace), \(id))", logger: logger)
            for try await taken in rows.decode(Bool.self) where taken { return }
            let holder = try await connection.query(
                """
                SELECT http_addr, tcp_addr, \(unescaped: PostgresStorage.databaseNow) - heartbeat_at
                FROM cluster_nodes WHERE node_id = \(id)
                """, logger: logger)
            var stale = true
            for try await (http, tcp, age) in holder.decode((String, String, Int64).self) {
                description =
                    "node id \(node.nodeID) is already live (http \(http), tcp \(tcp), last heartbeat \(age) ms ago): "
                    + "give this process another --node-id"
                stale = Duration.milliseconds(age) > heartbeatTimeout
            }
            if stale && attempt == 1 {
                logger.warning(
                    "node id \(node.nodeID) is held by a session without heartbeats: terminating it",
                    metadata: ["jindou.node_id": "\(node.nodeID)"])
                _ = try await connection.query(
                    """
                    SELECT pg_terminate_backend(pid) FROM pg_locks
                    WHERE locktype = 'advisory' AND classid = \(lockSpace)::oid AND objid = \(id)::oid
                      AND objsubid = 2 AND granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """, logger: logger)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClusterError.nodeIDTaken(description)
    }

    private static func register(_ node: ClusterNode, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO cluster_nodes (node_id, incarnation, version, http_addr, tcp_addr, ws_addr, external_tcp,
                                       external_ws, external_wss, connections, started_at, heartbeat_at)
            VALUES (\(Int32(clamping: node.nodeID)), \(node.incarnation), \(node.version), \(node.httpAddress),
                    \(node.tcpAddress), \(node.wsAddress), \(node.externalTCP), \(node.externalWS),
                    \(node.externalWSS), 0, \(unescaped: PostgresStorage.databaseNow),
                    \(unescaped: PostgresStorage.databaseNow))
            ON CONFLICT (node_id) DO UPDATE SET
                incarnation = excluded.incarnation, version = excluded.version, http_addr = excluded.http_addr,
                tcp_addr = excluded.tcp_addr, ws_addr = excluded.ws_addr, external_tcp = excluded.external_tcp,
                external_ws = excluded.external_ws, external_wss = excluded.external_wss, connections = 0,
                started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at,
                outbox_holder = NULL, outbox_drained = false
            """, logger: logger)
    }

    func close() async {
        listener.cancel()
        try? await connection.close()
        await listener.value
    }
}
