import JindouEngine
import Logging
import NIOCore

/// A connection's life before its CONNECT is accepted: one place under the
/// ``UnauthenticatedConnectionLimit``, a deadline counted from the accept (so a WebSocket's
/// upgrade counts against it too), and a small packet size limit.
///
/// Created when the connection is accepted, on its event loop; the connection handler calls
/// ``authenticated()`` once CONNECT is accepted. Closing the channel gives the place back.
final class PreAuthentication {
    /// The largest packet (or WebSocket frame) the connection may send now.
    private(set) var packetLimit: Int
    private let authenticatedPacketLimit: Int
    private var deadline: Scheduled<Void>?
    private var holdsPlace = true
    private let limit: UnauthenticatedConnectionLimit

    /// Admits a newly accepted connection, or closes it and returns nil when too many connections
    /// are waiting to authenticate.
    static func admit(
        _ channel: any Channel, limit: UnauthenticatedConnectionLimit, configuration: GatewayConfiguration,
        metrics: MessagingMetrics, logger: Logger
    ) -> PreAuthentication? {
        guard limit.tryAcquire() else {
            metrics.recordRefusedConnection(reason: "unauthenticated_limit")
            logger.debug(
                "refusing connection: too many unauthenticated connections",
                metadata: ["jindou.limit": "\(limit.limit)"])
            channel.close(promise: nil)
            return nil
        }
        let window = PreAuthentication(limit: limit, configuration: configuration)
        let bound = NIOLoopBound(window, eventLoop: channel.eventLoop)
        window.deadline = channel.eventLoop.scheduleTask(in: configuration.authTimeout) {
            logger.debug("closing connection: not authenticated in time")
            bound.value.deadline = nil
            channel.triggerUserOutboundEvent(CloseReason.policyViolation, promise: nil)
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in bound.value.end() }
        return window
    }

    private init(limit: UnauthenticatedConnectionLimit, configuration: GatewayConfiguration) {
        self.limit = limit
        self.packetLimit = min(configuration.maxConnectPacketSize, configuration.maxPacketSize)
        self.authenticatedPacketLimit = configuration.maxPacketSize
    }

    /// The CONNECT was accepted: the deadline stops, the place is given back and packets may be
    /// as large as `max_packet_size`.
    func authenticated() {
        packetLimit = authenticatedPacketLimit
        end()
    }

    private func end() {
        deadline?.cancel()
        deadline = nil
        if holdsPlace {
            holdsPlace = false
            limit.release()
        }
    }
}
