import Hummingbird
import HummingbirdCore
import JindouCore
import JindouEngine
import JindouGateway
import JindouHTTPAPI
import JindouStorage
import JindouStorageSQLite
import JindouWebhooks
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The whole server: storage, the gateway and the HTTP API, run as one `ServiceGroup`.
///
/// Tests start it in-process on port 0 and read the bound ports from `onReady`; `jindou serve`
/// does the same with the configured addresses and prints the ready line.
package final class JindouServer: Sendable {
    package let configuration: ServerConfiguration
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    /// The HTTP API's own event loop: reading and writing a large request never delays the
    /// gateway's loops, which carry every client's messages.
    private let httpEventLoopGroup: any EventLoopGroup
    /// Times the rate limits; tests pass a clock they advance by hand.
    private let clock: any Clock<Duration>
    private let serviceGroup = Mutex<ServiceGroup?>(nil)

    package init(
        configuration: ServerConfiguration, logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        httpEventLoopGroup: any EventLoopGroup = JindouServer.sharedHTTPEventLoopGroup,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.httpEventLoopGroup = httpEventLoopGroup
    }

    /// One event loop for the HTTP API, shared by the servers of a process (tests run many).
    package static let sharedHTTPEventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Opens the storage, binds every listener and serves until a shutdown signal, a call to
    /// ``shutdown()`` or cancellation.
    /// - Parameters:
    ///   - gracefulShutdownSignals: signals that start a graceful shutdown (none in tests).
    ///   - onReady: called once every listener accepts traffic.
    package func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onReady: @escaping @Sendable (ReadyAddresses) async -> Void = { _ in }
    ) async throws {
        let configuration = self.configuration
        let logger = self.logger
        try configuration.validate()
        logger.info(
            "starting jindou \(JindouVersion.current)",
            metadata: Dictionary(uniqueKeysWithValues: configuration.summary.map { ("config.\($0.0)", .string($0.1)) }))
        let core = try await ServerCore.open(
            configuration, clock: clock, eventLoopGroup: eventLoopGroup, logger: logger)
        let storage = core.storage
        let engine = core.engine

        let gatewayConfiguration = GatewayConfiguration(
            tcpHost: configuration.tcpAddress.host, tcpPort: configuration.tcpAddress.port,
            wsHost: configuration.wsAddress.host, wsPort: configuration.wsAddress.port,
            nodeID: Int64(configuration.nodeID), maxPacketSize: configuration.maxPacketSize,
            authTimeout: .fractionalSeconds(configuration.authTimeout),
            idleTimeout: .fractionalSeconds(configuration.idleTimeout),
            recvRetryInterval: .fractionalSeconds(configuration.recvRetryInterval),
            recvRetryLimit: configuration.recvRetryLimit,
            outboundBufferLimit: configuration.outboundBufferLimit,
            maxConnectPacketSize: configuration.maxConnectPacketSize,
            maxUnauthenticatedConnections: configuration.maxUnauthenticatedConnections,
            maxUnacknowledgedBytes: configuration.maxUnacknowledgedBytes,
            shutdownDrainTimeout: .fractionalSeconds(configuration.shutdownDrainTimeout),
            disconnectOnShutdown: configuration.disconnectOnShutdown)
        let webhooks = core.webhooks
        let gateway = Gateway(
            engine: engine, configuration: gatewayConfiguration, eventLoopGroup: eventLoopGroup, logger: logger)
        let gatewayAddresses: Gateway.BoundAddresses
        do {
            gatewayAddresses = try await gateway.bind()
        } catch {
            await webhooks?.shutdown()
            await storage.close()
            throw ConfigurationError(
                "cannot bind the gateway (tcp_addr \(configuration.tcpAddress), ws_addr \(configuration.wsAddress)): \(error)"
            )
        }

        if configuration.apiTokens.isEmpty {
            logger.notice(
                "the HTTP API is open: no api_tokens are configured, so every caller is an admin",
                metadata: ["jindou.http": "\(configuration.effectiveHTTPAddress)"])
        }
        let tcp = ReadyAddresses.hostPort(gatewayAddresses.tcp)
        let ws = ReadyAddresses.hostPort(gatewayAddresses.webSocket)
        let node = core.node(tcp: tcp, ws: ws)
        let clusterService: ClusterService?
        do {
            clusterService = try await joinCluster(core, node: node)
        } catch {
            await gateway.shutdown()
            await webhooks?.shutdown()
            await storage.close()
            throw ConfigurationError("cannot join the cluster as node_id \(configuration.nodeID): \(error)")
        }
        let router = core.router(node: node) { gateway.unauthenticatedConnections }
        let application = Application(
            router: router,
            server: .jindouHTTP1(
                headTimeout: .fractionalSeconds(configuration.httpHeaderTimeout),
                requestTimeout: .fractionalSeconds(configuration.httpRequestTimeout),
                idleTimeout: .fractionalSeconds(configuration.httpIdleTimeout), logger: logger),
            configuration: .init(
                address: .hostname(
                    configuration.effectiveHTTPAddress.host, port: configuration.effectiveHTTPAddress.port),
                serverName: "Jindou",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.httpMaxConnections)),
            onServerRunning: { channel in
                let http = ReadyAddresses.hostPort(channel.localAddress)
                node.httpAddress = "\(http)"
                logger.info("http api listening", metadata: ["jindou.http": "\(http)"])
                // The cluster learns the HTTP address now rather than at the next heartbeat.
                do {
                    try await clusterService?.beat()
                } catch {
                    logger.warning(
                        "cannot record the HTTP address in the cluster now; the next heartbeat will",
                        metadata: ["error": "\(error)"])
                }
                await onReady(ReadyAddresses(http: http, tcp: tcp, ws: ws))
            },
            eventLoopGroupProvider: .shared(httpEventLoopGroup),
            logger: logger)

        // Stopped in reverse order: the webhooks outlive the gateway (so they see every
        // connection close) and stop before the storage closes.
        var lifecycle: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: StorageService(storage: storage))
        ]
        if let clusterService { lifecycle.append(.init(service: clusterService)) }
        lifecycle += [
            .init(service: StorageStatisticsService(storage: storage, interval: .seconds(10), logger: logger)),
            .init(
                service: ActivityFlushService(engine: engine, storage: storage, interval: .seconds(30), logger: logger)),
        ]
        if let webhooks { lifecycle.append(.init(service: webhooks)) }
        lifecycle += [
            .init(service: gateway),
            .init(service: application),
            .init(service: ShutdownNoticeService(engine: engine)),
        ]
        let group = ServiceGroup(
            configuration: .init(
                services: lifecycle,
                gracefulShutdownSignals: gracefulShutdownSignals,
                logger: logger))
        serviceGroup.withLock { $0 = group }
        try await group.run()
        logger.info("jindou stopped")
    }

    /// On a store several nodes share: registers this node (refused while another live process
    /// holds its id) and opens the feed, before any client is served; nil on a store of its own.
    private func joinCluster(_ core: ServerCore, node: NodeInfo) async throws -> ClusterService? {
        guard let relay = core.engine.cluster, let directory = core.clusterDirectory,
            let presence = core.clusterPresence, let store = core.storage as? any ClusterStore
        else { return nil }
        let incarnation = "\(node.startedAt)-\(UInt64.random(in: 0...UInt64.max))"
        let sessions = core.engine.sessions
        let registration: @Sendable () -> ClusterNode = {
            ClusterNode(
                nodeID: Int(node.nodeID), incarnation: incarnation, version: node.version,
                httpAddress: node.httpAddress, tcpAddress: node.tcpAddress, wsAddress: node.wsAddress,
                externalTCP: node.external.tcp, externalWS: node.external.ws, externalWSS: node.external.wss,
                connections: sessions.connectionCount)
        }
        let feed = try await store.openFeed(for: registration(), heartbeatTimeout: relay.configuration.heartbeatTimeout)
        do {
            // What changed between loading the state and listening is read again.
            try await relay.feedOpened(feed)
            directory.update(try await store.clusterNodes())
        } catch {
            await feed.close()
            throw error
        }
        logger.info(
            "joined the cluster",
            metadata: [
                "jindou.node_id": "\(node.nodeID)",
                "jindou.live_nodes": "\(directory.liveNodes.map(\.nodeID))",
            ])
        return ClusterService(
            relay: relay, store: store, directory: directory, presence: presence, sessions: sessions,
            webhooks: core.webhooks, feed: feed, registration: registration, logger: logger)
    }

    /// Starts a graceful shutdown: the HTTP API and gateway stop, then storage is flushed and closed.
    package func shutdown() async {
        if let group = serviceGroup.withLock({ $0 }) {
            await group.triggerGracefulShutdown()
        }
    }
}
