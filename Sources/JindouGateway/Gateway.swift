import JindouCore
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
/// as a `Service`: on graceful shutdown it stops accepting and closes every connection.
public final class Gateway: Service, Sendable {
    /// The addresses the listeners bound.
    public struct BoundAddresses: Sendable {
        public var tcp: SocketAddress
        public var webSocket: SocketAddress
    }

    public let engine: GatewayEngine
    private let group: any EventLoopGroup
    private let logger: Logger
    private let listeners = Mutex<[any Channel]>([])

    public init(engine: GatewayEngine, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.engine = engine
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// Binds the TCP and WebSocket listeners.
    public func bind() async throws -> BoundAddresses {
        let configuration = engine.configuration
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
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops accepting and closes every connection.
    public func shutdown() async {
        let channels = listeners.withLock { listeners in
            defer { listeners = [] }
            return listeners
        }
        for channel in channels {
            try? await channel.close()
        }
        for session in engine.sessions.allSessions {
            session.close()
        }
        logger.info("gateway stopped")
    }

    private func makeBootstrap() -> ServerBootstrap {
        let limit = engine.configuration.outboundBufferLimit
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.maxMessagesPerRead, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: limit / 2, high: limit))
    }

    private func bindTCP(host: String, port: Int) async throws -> any Channel {
        let engine = self.engine
        return try await makeBootstrap()
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(GatewayConnectionHandler(engine: engine, transport: "tcp"))
                }
            }
            .bind(host: host, port: port).get()
    }

    private func bindWebSocket(host: String, port: Int) async throws -> any Channel {
        let engine = self.engine
        let maxFrameSize = max(engine.configuration.maxPacketSize + 16, 1 << 16)
        return try await makeBootstrap()
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOWebSocketServerUpgrader(
                        maxFrameSize: maxFrameSize,
                        shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHandlers([
                                    WebSocketFrameAdapter(), GatewayConnectionHandler(engine: engine, transport: "ws"),
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
                    try channel.pipeline.syncOperations.addHandler(UpgradeRequiredHandler(), name: UpgradeRequiredHandler.name)
                }
            }
            .bind(host: host, port: port).get()
    }
}
