import NIOCore
import NIOWebSocket

/// Turns WebSocket frames into one inbound byte stream and outbound byte buffers into masked binary
/// frames (one per write, so one packet per frame), answering pings and close frames itself.
final class WebSocketStreamHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    private var sentClose = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .text, .continuation:
            context.fireChannelRead(self.wrapInboundOut(frame.unmaskedData))
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)
            context.writeAndFlush(self.wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            if self.sentClose {
                context.close(promise: nil)
            } else {
                self.sentClose = true
                var data = frame.unmaskedData
                let code = data.readSlice(length: 2) ?? ByteBuffer()
                let reply = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: code)
                context.writeAndFlush(self.wrapOutboundOut(reply)).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        default:
            break
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = self.unwrapOutboundIn(data)
        let frame = WebSocketFrame(fin: true, opcode: .binary, maskKey: .random(), data: bytes)
        context.write(self.wrapOutboundOut(frame), promise: promise)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, !self.sentClose, context.channel.isActive else {
            context.close(mode: mode, promise: promise)
            return
        }
        // Say goodbye with a normal-closure frame, then close the socket.
        self.sentClose = true
        var code = context.channel.allocator.buffer(capacity: 2)
        code.write(webSocketErrorCode: .normalClosure)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: code)
        context.writeAndFlush(self.wrapOutboundOut(frame)).assumeIsolated().whenComplete { _ in
            context.close(mode: mode, promise: promise)
        }
    }
}
