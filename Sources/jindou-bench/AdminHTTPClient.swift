import JindouCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal keep-alive HTTP/1.1 client for the server's management API (one request at a time
/// per connection).
final class AdminHTTPClient: Sendable {
    struct Response: Sendable {
        var status: UInt
        var body: String
    }

    private let channel: any Channel
    private let hostHeader: String

    private init(channel: any Channel, hostHeader: String) {
        self.channel = channel
        self.hostHeader = hostHeader
    }

    static func connect(_ address: HostPort, group: any EventLoopGroup) async throws -> AdminHTTPClient {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(AdminHTTPHandler())
                }
            }
            .connect(host: address.host, port: address.port)
            .get()
        return AdminHTTPClient(channel: channel, hostHeader: address.description)
    }

    /// POSTs a JSON body and returns the status and body text.
    func post(_ path: String, json: [UInt8]) async throws -> Response {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: self.hostHeader)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(json.count))
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)
        let response = self.channel.eventLoop.makePromise(of: Response.self)
        let request = AdminHTTPHandler.Request(
            head: head,
            body: self.channel.allocator.buffer(bytes: json),
            response: response
        )
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.cascadeFailure(to: response)
        self.channel.writeAndFlush(request, promise: written)
        return try await response.futureResult.get()
    }

    func close() async {
        try? await self.channel.close()
    }
}

/// Writes requests and completes their promises with the responses, in order.
final class AdminHTTPHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Request
    typealias OutboundOut = HTTPClientRequestPart

    struct Request: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer
        var response: EventLoopPromise<AdminHTTPClient.Response>
    }

    private var waiting = CircularBuffer<EventLoopPromise<AdminHTTPClient.Response>>()
    private var status: UInt = 0
    private var body = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = self.unwrapOutboundIn(data)
        self.waiting.append(request.response)
        context.write(self.wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(self.wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        context.write(self.wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.status = head.status.code
            self.body.clear()
        case .body(var part):
            self.body.writeBuffer(&part)
        case .end:
            let text = String(buffer: self.body)
            self.waiting.popFirst()?.succeed(AdminHTTPClient.Response(status: self.status, body: text))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        while let waiter = self.waiting.popFirst() {
            waiter.fail(BenchError.http("connection closed by the server"))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        while let waiter = self.waiting.popFirst() {
            waiter.fail(error)
        }
        context.close(promise: nil)
    }
}
