import Hummingbird
import JindouCore
import JindouEngine
import JindouHTTPAPI
import JindouStorage
import JindouStoragePostgres
import JindouStorageSQLite
import JindouWebhooks
import Logging
import NIOCore
import Prometheus

/// A server apart from its listeners: the open storage, the engine, and the HTTP API's router
/// over them, wired from one configuration.
///
/// ``JindouServer`` binds the gateway and the HTTP listener around it; tests drive the router
/// without sockets.
package struct ServerCore: Sendable {
    package let configuration: ServerConfiguration
    package let storage: any Storage
    package let engine: MessagingEngine
    package let channels: ChannelService
    package let systemUsers: SystemUserService
    package let backlog: DeliveryBacklog
    /// The webhooks, nil when no webhook_url is configured.
    package let webhooks: Webhooks?
    /// The cluster's nodes, nil when the store is not shared (SQLite).
    package let clusterDirectory: ClusterDirectory?
    /// This node's connections for the cluster, nil when the store is not shared.
    package let clusterPresence: ClusterPresence?
    /// Where every metric is registered, for `/metrics`.
    package let metricsRegistry: PrometheusCollectorRegistry
    let metricsFactory: PrometheusMetricsFactory
    let storageMetrics: StorageMetrics
    /// Times the rate limits.
    let clock: any Clock<Duration>

    /// Opens the storage in the configured data directory, loads its channels and system users
    /// and builds the engine. `clock` times the rate limits.
    /// - Parameter eventLoopGroup: where the webhooks' HTTP client runs.
    package static func open(
        _ configuration: ServerConfiguration, clock: any Clock<Duration>, eventLoopGroup: any EventLoopGroup,
        logger: Logger
    ) async throws -> ServerCore {
        let storage = try await openStorage(configuration, logger: logger)
        logger.info(
            "storage open",
            metadata: ["jindou.database": "\(storage.location)", "jindou.schema_version": "\(storage.schemaVersion)"])
        let registry = ChannelRegistry()
        let systemUsers = SystemUsers()
        let metricsRegistry = PrometheusCollectorRegistry()
        let metricsFactory = PrometheusMetricsFactory(registry: metricsRegistry)
        // On a shared store, msg.offline and user.onlinestatus count the other nodes' connections.
        let nodeID = configuration.nodeID
        let liveWithin = Duration.milliseconds(Int(configuration.clusterHeartbeatTimeout * 1000))
        let remotePresence = (storage as? any ClusterStore).map { store in
            RemotePresence { uids in
                try await store.presence(of: uids, liveWithin: liveWithin).filter { $0.nodeID != nodeID }
            }
        }
        let webhooks = configuration.webhooks.map {
            Webhooks(
                configuration: $0, store: storage, nodeID: Int64(nodeID), remotePresence: remotePresence,
                metricsFactory: metricsFactory, eventLoopGroup: eventLoopGroup, logger: logger)
        }
        let metrics = MessagingMetrics(factory: metricsFactory)
        // On a shared store, this node's connections are written where the other nodes see them.
        let presence = storage is any ClusterStore ? ClusterPresence(nodeID: configuration.nodeID) : nil
        let sessions = SessionRegistry(observer: ObserverFanOut.combining([webhooks, presence]))
        let backlog = DeliveryBacklog(budget: configuration.deliveryBacklogBudget)
        // A store several nodes can share makes this node part of a cluster.
        let cluster = (storage as? any Storage & ClusterStore).map { store in
            ClusterRelay(
                configuration: ClusterRelay.Configuration(
                    nodeID: configuration.nodeID,
                    heartbeatTimeout: liveWithin,
                    applyTimeout: .milliseconds(Int(configuration.clusterApplyTimeout * 1000))),
                store: store, registry: registry, sessions: sessions, backlog: backlog,
                metrics: metrics, observer: webhooks, logger: logger)
        }
        let channels = ChannelService(registry: registry, storage: storage, cluster: cluster)
        let systemUserService = SystemUserService(
            members: systemUsers, storage: storage, protectedUIDs: Set(configuration.protectedSystemUIDs),
            cluster: cluster)
        cluster?.attach(channels: channels, systemUsers: systemUserService)
        do {
            try await channels.loadAll()
            try await systemUserService.loadAll()
            // Before the first message can be accepted: it must be after the watermark.
            try await webhooks?.prepare()
        } catch {
            await webhooks?.shutdown()
            await storage.close()
            throw error
        }
        let sendPipeline = SendPipeline(
            store: storage, channels: registry, sessions: sessions, systemUsers: systemUsers,
            ignoresPersonAllowlist: configuration.ignoresPersonAllowlist,
            rateLimiter: KeyedRateLimiter(
                rate: configuration.userSendRate, burst: configuration.userSendBurst, clock: clock),
            backlog: backlog, metrics: metrics, observer: webhooks, cluster: cluster, logger: logger)
        let engine = MessagingEngine(
            users: storage, channels: registry, sessions: sessions, systemUsers: systemUsers,
            sendPipeline: sendPipeline, metrics: metrics,
            adminTokens: configuration.apiTokens.filter { $0.role == .admin }.map(\.secret), cluster: cluster,
            logger: logger)
        return ServerCore(
            configuration: configuration, storage: storage, engine: engine, channels: channels,
            systemUsers: systemUserService, backlog: backlog, webhooks: webhooks,
            clusterDirectory: cluster.map {
                ClusterDirectory(nodeID: $0.configuration.nodeID, heartbeatTimeout: $0.configuration.heartbeatTimeout)
            }, clusterPresence: presence, metricsRegistry: metricsRegistry,
            metricsFactory: metricsFactory, storageMetrics: StorageMetrics(factory: metricsFactory), clock: clock)
    }

    /// Opens the configured backend: the embedded database in the data directory, or PostgreSQL.
    static func openStorage(
        _ configuration: ServerConfiguration, logger: Logger
    ) async throws(StorageError)
        -> any Storage
    {
        switch configuration.store {
        case .sqlite:
            return try SQLiteStorage(
                directory: configuration.dataDirectory, nodeID: Int64(configuration.nodeID), logger: logger)
        case .postgres(let url):
            return try await PostgresStorage.open(
                url: url, nodeID: Int64(configuration.nodeID), poolSize: configuration.postgresPoolSize,
                connectTimeout: .seconds(configuration.postgresConnectTimeout), logger: logger)
        }
    }

    /// This node's identity, with the gateway's bound addresses.
    package func node(tcp: HostPort, ws: HostPort) -> NodeInfo {
        let intranet = NodeInfo.RouteAddresses(tcp: "\(tcp)", ws: "ws://\(ws)", wss: configuration.externalWSSAddress)
        return NodeInfo(
            nodeID: Int64(configuration.nodeID), version: JindouVersion.current,
            dataDirectory: configuration.dataDirectory, store: configuration.store.description,
            startedAt: Int64(WallClock.nowSeconds()),
            external: NodeInfo.RouteAddresses(
                tcp: configuration.externalTCPAddress.isEmpty ? intranet.tcp : configuration.externalTCPAddress,
                ws: configuration.externalWSAddress.isEmpty ? intranet.ws : configuration.externalWSAddress,
                wss: configuration.externalWSSAddress),
            intranet: intranet, tcpAddress: "\(tcp)", wsAddress: "\(ws)")
    }

    /// The HTTP API's router for `node`; `routeTable` receives every route with its access.
    /// - Parameter unauthenticatedConnections: the gateway's count, for `/metrics`.
    package func router(
        node: NodeInfo, routeTable: RouteTable = RouteTable(),
        unauthenticatedConnections: @escaping @Sendable () -> Int
    ) -> Router<APIRequestContext> {
        let engine = self.engine
        let backlog = self.backlog
        let storage = self.storage
        let storageMetrics = self.storageMetrics
        let metricsRegistry = self.metricsRegistry
        let webhooks = self.webhooks
        let services = APIServices(
            storage: storage, channels: channels, systemUsers: systemUsers, sendPipeline: engine.sendPipeline,
            engine: engine, webhooks: webhooks, node: node, httpMetrics: HTTPMetrics(factory: metricsFactory),
            access: AccessPolicy(
                tokens: configuration.apiTokens, metricsRequireToken: configuration.metricsRequireToken,
                userAPIRate: configuration.userAPIRate, roleRates: configuration.apiRates,
                userCredentialRate: configuration.userCredentialRate, clock: clock),
            easemob: EasemobApplication(
                organization: configuration.organization, application: configuration.application),
            cluster: clusterDirectory,
            renderMetrics: {
                engine.metrics.observe(
                    engine.sessions, backlog: backlog, unauthenticated: unauthenticatedConnections())
                storageMetrics.observe(storage.statistics)
                webhooks?.observeMetrics()
                return metricsRegistry.emitToString()
            })
        return makeAPIRouter(services: services, routeTable: routeTable)
    }
}
