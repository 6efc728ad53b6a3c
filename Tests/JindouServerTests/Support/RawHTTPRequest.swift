import Foundation
import NIOCore
import NIOPosix

/// One HTTP/1.1 request written byte for byte, with exactly the headers given (URLSession adds a
/// Content-Type to every POST body), and its response read until the server closes.
enum RawHTTPRequest {
    struct Response: Sendable, CustomStringConvertible {
        var status: Int
        var body: Data

        /// The body parsed as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }

        var description: String { "HTTP \(status) \(String(decoding: body, as: UTF8.self))" }
    }

    /// Sends `method path` with `headers` (`Name: value` lines) and `body`; Host, Content-Length
    /// and `Connection: close` are added.
    static func send(
        port: Int, _ method: String, _ path: String, headers: [String], body: String
    ) async throws -> Response {
        let group = MultiThreadedEventLoopGroup.singleton
        let received = group.next().makePromise(of: ByteBuffer.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(received: received))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        text += "Content-Length: \(body.utf8.count)\r\n"
        for header in headers { text += header + "\r\n" }
        text += "\r\n" + body
        try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        let buffer = try await received.futureResult.get()
        let bytes = Data(buffer.readableBytesView)
        guard let end = bytes.range(of: Data("\r\n\r\n".utf8)),
            let statusLine = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n").first,
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw TestFailure("not an HTTP response: \(String(decoding: bytes, as: UTF8.self))") }
        return Response(status: status, body: Data(bytes[end.upperBound...]))
    }
}

/// Collects every byte the server sends until it closes the connection.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let received: EventLoopPromise<ByteBuffer>
    private var bytes = ByteBuffer()
    private var failed = false

    init(received: EventLoopPromise<ByteBuffer>) {
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var part = unwrapInboundIn(data)
        bytes.writeBuffer(&part)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !failed { received.succeed(bytes) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failed = true
        received.fail(error)
        context.close(promise: nil)
    }
}
