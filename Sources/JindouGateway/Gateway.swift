import JindouCore
import JindouEngine
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import ServiceLifecycle
import Synchronization

/// The client-facing listeners: binary WKProto over TCP and over WebSocket.
///
/// Call ``bind()`` first (it returns the bound addresses, so port 0 works), then run the gateway
/// as a `Service`: on graceful shutdown it stops accepting, lets every connection receive the
/// SENDACKs of what it sent, sends DISCONNECT and closes.
///
/// Before a connection authenticates it is held to the ``PreAuthentication`` rules: a bounded
/// number of such connections, a deadline from the accept, CONNECT-sized packets only.
package final class Gateway: Service, Sendable {
    /// The addresses the listeners bound.
    package struct BoundAddresses: Sendable {
        package var tcp: SocketAddress
        package var webSocket: SocketAddress
    }

    package let engine: MessagingEngine
    package let configuration: GatewayConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let listeners = Mutex<[any Channel]>([])
    private let unauthenticated: UnauthenticatedConnectionLimit
    private let acceptErrorLog = RepeatThrottle(interval: .seconds(10))

    package init(
        engine: MessagingEngine, configuration: GatewayConfiguration, eventLoopGroup: any EventLoopGroup, logger: Logger
    ) {
        self.engine = engine
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
        self.unauthenticated = UnauthenticatedConnectionLimit(limit: configuration.maxUnauthenticatedConnections)
    }

    /// Connections, on both ports, accepted and not yet authenticated.
    package var unauthenticatedConnections: Int { unauthenticated.current }

    /// Binds the TCP and WebSocket listeners.
    package func bind() async throws -> BoundAddresses {
        let tcp = try await bindTCP(host: configuration.tcpHost, port: configuration.tcpPort)
        let ws = try await bindWebSocket(host: configuration.wsHost, port: configuration.wsPort)
        listeners.withLock { $0 = [tcp, ws] }
        guard let tcpAddress = tcp.localAddress, let wsAddress = ws.localAddress else {
            throw ChannelError.unknownLocalAddress
        }
        logger.info("gateway listening", metadata: ["jindou.tcp": "\(tcpAddress)", "jindou.ws": "\(wsAddress)"])
        return BoundAddresses(tcp: tcpAddress, webSocket: wsAddress)
    }

    /// Waits for graceful shutdown, then closes the listeners and every connection.
    package func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops accepting, drains every connection (SENDACKs of SENDs in flight, then DISCONNECT)
    /// and closes what is still open after the drain timeout.
    package func shutdown() async {
        engine.beginDraining()
        let channels = listeners.withLock { listeners in
            defer { listeners = [] }
            return listeners
        }
        for channel in channels {
            try? await channel.close()
        }
        let sessions = engine.sessions.allSessions
        logger.info("gateway draining", metadata: ["jindou.connections": "\(sessions.count)"])
        for session in sessions {
            session.drain()
        }
        let deadline = ContinuousClock.now.advanced(
            by: Duration.nanoseconds(configuration.shutdownDrainTimeout.nanoseconds))
        while engine.sessions.connectionCount > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let remaining = engine.sessions.allSessions
        if !remaining.isEmpty {
            logger.warning(
                "closing connections that did not drain in time", metadata: ["jindou.connections": "\(remaining.count)"]
            )
            for session in remaining {
                session.close()
            }
        }
        logger.info("gateway stopped")
    }

    private func makeBootstrap(listener: String) -> ServerBootstrap {
        let limit = configuration.outboundBufferLimit
        let metrics = engine.metrics
        let logger = self.logger
        let throttle = acceptErrorLog
        return ServerBootstrap(group: group)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        AcceptFailureHandler(listener: listener, metrics: metrics, logger: logger, throttle: throttle))
                }
            }
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.maxMessagesPerRead, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: limit / 2, high: limit))
            .childChannelOption(.recvAllocator, value: Self.receiveBufferSizes)
    }

    /// Read sizes of a connection: NIO keeps a channel's receive buffer between reads, so an idle
    /// connection holds one of the size it was allocated with. Most clients are idle most of the
    /// time and send packets of a few hundred bytes, so it starts at 512 bytes (NIO's default:
    /// 2,048) and grows, as NIO's default does, when a read fills it. Measured: 7.4 → 5.9 KiB of
    /// server memory per idle connection, CPU per message unchanged (BENCHMARKS.md).
    static let receiveBufferSizes = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)

    /// Admits a newly accepted connection under the unauthenticated-connection limit.
    private func admit(_ channel: any Channel) -> PreAuthentication? {
        PreAuthentication.admit(
            channel, limit: unauthenticated, configuration: configuration, metrics: engine.metrics, logger: logger)
    }

    private func bindTCP(host: String, port: Int) async throws -> any Channel {
        try await makeBootstrap(listener: "tcp")
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.initializeTCPConnection(channel) }
            }
            .bind(host: host, port: port).get()
    }

    /// Sets up an accepted TCP connection's pipeline, or closes it when too many connections are
    /// waiting to authenticate. On the channel's event loop.
    func initializeTCPConnection(_ channel: any Channel) throws {
        guard let preAuthentication = admit(channel) else { return }
        try channel.pipeline.syncOperations.addHandler(
            GatewayConnectionHandler(
                engine: engine, configuration: configuration, transport: "tcp", preAuthentication: preAuthentication))
    }

    private func bindWebSocket(host: String, port: Int) async throws -> any Channel {
        let engine = self.engine
        let configuration = self.configuration
        let maxFrameSize = max(configuration.maxPacketSize + 16, 1 << 16)
        return try await makeBootstrap(listener: "ws")
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let preAuthentication = self.admit(channel) else { return }
                    let boundPreAuthentication = NIOLoopBound(preAuthentication, eventLoop: channel.eventLoop)
                    let upgrader = NIOWebSocketServerUpgrader(
                        maxFrameSize: maxFrameSize,
                        shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                let preAuthentication = boundPreAuthentication.value
                                let pipeline = channel.pipeline.syncOperations
                                // NIO's frame decoder buffers frames up to the full packet size; ours
                                // holds a connection to CONNECT-sized frames until it authenticates.
                                let nioDecoder = try pipeline.handler(
                                    type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                                pipeline.removeHandler(nioDecoder, promise: nil)
                                try pipeline.addHandler(
                                    ByteToMessageHandler(
                                        SizeLimitedWebSocketFrameDecoder(
                                            maxFrameSize: maxFrameSize, preAuthentication: preAuthentication)),
                                    position: .before(try pipeline.handler(type: WebSocketProtocolErrorHandler.self)))
                                try pipeline.addHandlers([
                                    WebSocketFrameAdapter(),
                                    GatewayConnectionHandler(
                                        engine: engine, configuration: configuration, transport: "ws",
                                        preAuthentication: preAuthentication),
                                ])
                            }
                        })
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withServerUpgrade: (
                            upgraders: [upgrader],
                            completionHandler: { context in
                                context.pipeline.removeHandler(name: UpgradeRequiredHandler.name, promise: nil)
                            }
                        ))
                    try channel.pipeline.syncOperations.addHandler(
                        UpgradeRequiredHandler(), name: UpgradeRequiredHandler.name)
                }
            }
            .bind(host: host, port: port).get()
    }
}
