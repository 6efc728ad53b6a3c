import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Builds a client channel's pipeline for the configured transport.
enum ClientPipeline {
    /// Adds the handlers to a fresh channel; must run on the channel's event loop.
    static func configure(_ channel: any Channel, setup: ConnectionSetup) throws {
        let pipeline = channel.pipeline.syncOperations
        switch setup.configuration.transport {
        case .tcp:
            try pipeline.addHandler(ClientChannelHandler(setup: setup))
        case .webSocket(let path):
            // WebSocket frames are at most one packet plus framing; allow some slack for servers that
            // batch several packets into one frame.
            let maxFrameSize = max(setup.configuration.maxPacketSize, 1 << 16) * 4
            let upgrader = NIOWebSocketClientUpgrader(
                maxFrameSize: maxFrameSize,
                automaticErrorHandling: true
            ) { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        WebSocketStreamHandler(),
                        ClientChannelHandler(setup: setup)
                    )
                }
            }
            let upgrade: NIOHTTPClientUpgradeConfiguration = (
                upgraders: [upgrader],
                completionHandler: { context in
                    context.pipeline.syncOperations.removeHandler(
                        name: WebSocketUpgradeRequestHandler.name,
                        promise: nil
                    )
                }
            )
            try pipeline.addHTTPClientHandlers(leftOverBytesStrategy: .forwardBytes, withClientUpgrade: upgrade)
            try pipeline.addHandler(
                WebSocketUpgradeRequestHandler(
                    host: setup.configuration.host,
                    port: setup.configuration.port,
                    path: path,
                    handshake: setup.handshake
                ),
                name: WebSocketUpgradeRequestHandler.name
            )
        }
    }
}
