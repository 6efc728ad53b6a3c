import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 with the API's connection deadlines: a request head must arrive within
    /// `headTimeout` and the whole request within `requestTimeout` (of the connection's start, or
    /// of the first byte of a later request), and an idle keep-alive connection is closed after
    /// `idleTimeout`.
    package static func jindouHTTP1(
        headTimeout: TimeAmount, requestTimeout: TimeAmount, idleTimeout: TimeAmount, logger: Logger
    ) -> HTTPServerBuilder {
        .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    RequestReadTimeoutHandler(headTimeout: headTimeout, requestTimeout: requestTimeout, logger: logger)
                ],
                idleTimeout: idleTimeout))
    }
}
