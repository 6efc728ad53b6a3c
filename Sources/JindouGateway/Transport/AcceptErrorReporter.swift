import JindouEngine
import JindouCore
import Logging
import NIOCore

/// Sits on a listening socket and reports failed accepts (most often: the process is out of file
/// descriptors), counted in metrics and logged at most once per interval, so an exhausted server
/// says why new clients hang instead of staying silent.
///
/// It sits after NIO's `AcceptBackoffHandler`, which pauses accepting for a moment after such an
/// error; this handler only reports.
final class AcceptErrorReporter: ChannelInboundHandler {
    typealias InboundIn = any Channel

    private let listener: String
    private let metrics: MessagingMetrics
    private let logger: Logger
    private let throttle: RepeatThrottle

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
        context.fireErrorCaught(error)
    }
}
