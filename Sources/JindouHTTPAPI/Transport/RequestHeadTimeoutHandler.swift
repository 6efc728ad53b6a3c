import Logging
import NIOCore
import NIOHTTPTypes

/// Closes an HTTP connection whose request head does not arrive in time: counted from the
/// connection's start for the first request, and from the first byte of each later one. A silent
/// socket or a request sent a byte at a time cannot hold a file descriptor for longer.
///
/// Between requests the connection is idle, which Hummingbird's idle timeout bounds.
///
/// It sits after the HTTP decoder, where it sees request heads and response ends; on being added
/// it puts a ``FirstByteObserver`` at the front of the pipeline to learn when raw bytes arrive.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Waiting for a request head, closing at the deadline.
        case awaitingHead
        /// A request is being read or answered.
        case inRequest
        /// Between requests: waiting for the first byte of the next one.
        case idle
    }

    private let timeout: TimeAmount
    private let logger: Logger
    private var state = State.awaitingHead
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(FirstByteObserver(owner: self), position: .first)
        if context.channel.isActive { armDeadline(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            state = .inRequest
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), case .inRequest = state {
            state = .idle
        }
        context.write(data, promise: promise)
    }

    /// Raw bytes arrived: between requests they start the next request's deadline.
    fileprivate func bytesArrived(context: ChannelHandlerContext) {
        if case .idle = state {
            state = .awaitingHead
            armDeadline(context: context)
        }
    }

    private func armDeadline(context: ChannelHandlerContext) {
        guard case .awaitingHead = state, deadline == nil else { return }
        let channel = context.channel
        let logger = self.logger
        let timeout = self.timeout
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            logger.debug("closing HTTP connection: no request head in time", metadata: ["jindou.timeout": "\(timeout)"])
            channel.close(promise: nil)
        }
    }
}

/// Tells a ``RequestHeadTimeoutHandler`` when bytes arrive, before the HTTP decoder sees them.
private final class FirstByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private weak var owner: RequestHeadTimeoutHandler?

    init(owner: RequestHeadTimeoutHandler) {
        self.owner = owner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner?.bytesArrived(context: context)
        context.fireChannelRead(data)
    }
}
