import NIOCore
import NIOHTTP1

/// Sends the HTTP GET that starts the WebSocket upgrade and reports a refused upgrade.
///
/// The HTTP client upgrade handler adds the Upgrade, Connection and Sec-WebSocket headers. On
/// success this handler is removed (by name) before the WebSocket handlers are added.
final class WebSocketUpgradeRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// The pipeline name used to remove this handler after the upgrade.
    static let name = "jindou.websocket.upgrade-request"

    private let host: String
    private let port: Int
    private let path: String
    private let handshake: EventLoopPromise<HandshakeResult>

    init(host: String, port: Int, path: String, handshake: EventLoopPromise<HandshakeResult>) {
        self.host = host
        self.port = port
        self.path = path
        self.handshake = handshake
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.sendRequest(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.sendRequest(context: context)
        context.fireChannelActive()
    }

    private var sent = false

    private func sendRequest(context: ChannelHandlerContext) {
        guard !self.sent else { return }
        self.sent = true
        var headers = HTTPHeaders()
        let hostHeader = self.host.contains(":") && !self.host.hasPrefix("[") ? "[\(self.host)]" : self.host
        headers.add(name: "Host", value: "\(hostHeader):\(self.port)")
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(
            version: .http1_1, method: .GET, uri: self.path.isEmpty ? "/" : self.path, headers: headers)
        context.write(self.wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Only a refused upgrade reaches this handler: a non-101 status, or a 101 the upgrader
        // rejected (reported to `errorCaught` just before).
        if case .head(let response) = self.unwrapInboundIn(data) {
            let error: ClientError =
                if response.status == .switchingProtocols, let upgradeError = self.upgradeError {
                    .protocolViolation("WebSocket upgrade: \(upgradeError)")
                } else {
                    .webSocketUpgradeFailed(status: response.status.code)
                }
            self.handshake.fail(error)
            context.close(promise: nil)
        }
    }

    private var upgradeError: (any Error)?

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The upgrade handler reports its error first and then passes the response head on.
        if error is NIOHTTPClientUpgradeError {
            self.upgradeError = error
            return
        }
        self.handshake.fail(ClientError.io(String(describing: error)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let error: ClientError =
            if let upgradeError = self.upgradeError {
                .protocolViolation("WebSocket upgrade: \(upgradeError)")
            } else {
                .closed
            }
        self.handshake.fail(error)
        context.fireChannelInactive()
    }
}
