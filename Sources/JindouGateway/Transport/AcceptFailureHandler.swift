import JindouCore
import JindouEngine
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sits on a listening socket. When accepting fails for lack of a resource (most often: the
/// process is out of file descriptors) it stops accepting for a moment, counts the failure and
/// logs it at most once per interval, so an exhausted server says why new clients hang instead of
/// staying silent, and does not spin on a listener that stays readable.
///
/// NIO's `AcceptBackoffHandler` is not enough here: after a failed accept the listener still has a
/// read pending, so it stays registered and its loop would spin; turning `autoRead` off
/// unregisters it until the pause ends.
final class AcceptFailureHandler: ChannelInboundHandler {
    typealias InboundIn = any Channel

    /// How long accepting pauses after a failure of this kind.
    static let pause = TimeAmount.seconds(1)

    private let listener: String
    private let metrics: MessagingMetrics
    private let logger: Logger
    private let throttle: RepeatThrottle
    private var resume: Scheduled<Void>?

    init(listener: String, metrics: MessagingMetrics, logger: Logger, throttle: RepeatThrottle) {
        self.listener = listener
        self.metrics = metrics
        self.logger = logger
        self.throttle = throttle
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        metrics.acceptErrors.increment()
        if let suppressed = throttle.shouldLog() {
            logger.error(
                "accepting a connection failed",
                metadata: [
                    "jindou.listener": "\(listener)", "error": "\(error)",
                    "jindou.similar_errors_suppressed": "\(suppressed)",
                ])
        }
        if Self.isResourceExhaustion(error) { pauseAccepting(context: context) }
        context.fireErrorCaught(error)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        resume?.cancel()
        resume = nil
    }

    private func pauseAccepting(context: ChannelHandlerContext) {
        guard resume == nil, let options = context.channel.syncOptions else { return }
        try? options.setOption(.autoRead, value: false)
        let channel = context.channel
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        resume = context.eventLoop.scheduleTask(in: Self.pause) {
            handler.value.resume = nil
            try? channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }

    private static func isResourceExhaustion(_ error: any Error) -> Bool {
        guard let error = error as? IOError else { return false }
        return [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode)
    }
}
