import Logging
import NIOCore
import NIOHTTPTypes

/// Closes an HTTP connection whose request does not arrive in time, so a silent socket or a
/// request sent a byte at a time cannot hold a file descriptor:
/// - the request head must arrive within `headTimeout`, counted from the connection's start for
///   the first request and from the first byte of each later one;
/// - the whole request, body included, within `requestTimeout` of the same start.
///
/// Between requests the connection is idle, which Hummingbird's idle timeout bounds; while a
/// request is being answered there is no deadline.
///
/// It sits after the HTTP decoder, where it sees request parts and response ends; on being added
/// it puts a ``FirstByteObserver`` at the front of the pipeline to learn when raw bytes arrive.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Waiting for a request head.
        case awaitingHead
        /// The head arrived; waiting for the rest of the body.
        case readingBody
        /// The request is read and being answered.
        case answering
        /// Between requests: waiting for the first byte of the next one.
        case idle
    }

    private let headTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let logger: Logger
    private var state = State.awaitingHead
    private var requestStarted = NIODeadline.now()
    private var deadline: Scheduled<Void>?

    init(headTimeout: TimeAmount, requestTimeout: TimeAmount, logger: Logger) {
        self.headTimeout = headTimeout
        self.requestTimeout = max(headTimeout, requestTimeout)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        try? context.pipeline.syncOperations.addHandler(FirstByteObserver(owner: self), position: .first)
        if context.channel.isActive { startRequest(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
    }

    func channelActive(context: ChannelHandlerContext) {
        startRequest(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            state = .readingBody
            arm(at: requestStarted + requestTimeout, context: context, what: "request body")
        case .body:
            break
        case .end:
            state = .answering
            cancelDeadline()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), case .answering = state {
            state = .idle
        }
        context.write(data, promise: promise)
    }

    /// Raw bytes arrived: between requests they start the next request's deadlines.
    fileprivate func bytesArrived(context: ChannelHandlerContext) {
        if case .idle = state { startRequest(context: context) }
    }

    private func startRequest(context: ChannelHandlerContext) {
        state = .awaitingHead
        requestStarted = .now()
        arm(at: requestStarted + headTimeout, context: context, what: "request head")
    }

    private func arm(at time: NIODeadline, context: ChannelHandlerContext, what: String) {
        cancelDeadline()
        let channel = context.channel
        let logger = self.logger
        deadline = context.eventLoop.scheduleTask(deadline: time) {
            logger.debug("closing HTTP connection: the \(what) did not arrive in time")
            channel.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Tells a ``RequestReadTimeoutHandler`` when bytes arrive, before the HTTP decoder sees them.
private final class FirstByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private weak var owner: RequestReadTimeoutHandler?

    init(owner: RequestReadTimeoutHandler) {
        self.owner = owner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner?.bytesArrived(context: context)
        context.fireChannelRead(data)
    }
}
