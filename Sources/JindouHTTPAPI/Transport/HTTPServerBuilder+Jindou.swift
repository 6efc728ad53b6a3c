import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 with the API's connection deadlines: a request head must arrive within
    /// `headTimeout` (of the connection's start, or of the first byte of a later request), and an
    /// idle keep-alive connection is closed after `idleTimeout`.
    public static func jindouHTTP1(headTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger) -> HTTPServerBuilder {
        .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestHeadTimeoutHandler(timeout: headTimeout, logger: logger)],
                idleTimeout: idleTimeout))
    }
}
