import NIOCore
import NIOWebSocket

/// Turns a WebSocket into the same byte stream a TCP connection carries.
///
/// Inbound binary frames (and their continuations) are appended to one stream, so a frame may
/// hold several packets or part of one. A text frame is refused with close code 1003: WKProto is
/// binary, and reading "t" as a packet header would answer nonsense. Each outbound write (one
/// packet) becomes one binary frame. Pings are answered; a close frame is echoed.
///
/// Every close the server starts sends a close frame first, with the code of the last
/// ``CloseReason`` sent down the pipeline (1001 "going away" if none was).
final class WebSocketFrameAdapter: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    /// The close frame was sent (by us or in answer to the client's).
    private var sentClose = false
    /// Inside a fragmented text message: its continuations are dropped too.
    private var inTextMessage = false
    private var closeReason = CloseReason.goingAway

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary:
            inTextMessage = false
            context.fireChannelRead(wrapInboundOut(frame.unmaskedData))
        case .continuation where !inTextMessage:
            context.fireChannelRead(wrapInboundOut(frame.unmaskedData))
        case .text, .continuation:
            inTextMessage = true
            closeReason = .unsupportedData
            closeWithFrame(context: context, promise: nil)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            break
        case .connectionClose:
            // The client's close: answer with 1000 (or just close if we sent ours already).
            closeReason = .normal
            closeWithFrame(context: context, promise: nil)
        default:
            closeReason = .policyViolation
            closeWithFrame(context: context, promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = WebSocketFrame(fin: true, opcode: .binary, data: unwrapOutboundIn(data))
        context.write(wrapOutboundOut(frame), promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let reason = event as? CloseReason {
            closeReason = reason
            promise?.succeed()
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all else {
            context.close(mode: mode, promise: promise)
            return
        }
        closeWithFrame(context: context, promise: promise)
    }

    /// NIO's protocol error handler (before this one) has already sent a close frame for a frame
    /// error: do not send a second.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOWebSocketError { sentClose = true }
        context.fireErrorCaught(error)
    }

    /// Sends the close frame once, then closes the connection. A peer that does not read (the
    /// frame would wait behind everything queued) is closed without it, and a frame not written in
    /// time does not hold the connection open (``ChannelHandlerContext/writeLastWords(_:thenClose:)``).
    private func closeWithFrame(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard !sentClose, context.channel.isActive, context.channel.isWritable else {
            context.close(promise: promise)
            return
        }
        sentClose = true
        var payload = context.channel.allocator.buffer(capacity: 2)
        payload.write(webSocketErrorCode: closeReason.webSocketCode)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeLastWords(wrapOutboundOut(frame)) {
            loopBoundContext.value.close(mode: .all, promise: promise)
        }
    }
}
