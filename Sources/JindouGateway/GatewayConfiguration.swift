import NIOCore

/// Settings of the TCP and WebSocket gateway.
package struct GatewayConfiguration: Sendable {
    /// Where the binary TCP listener binds (port 0 picks a free port).
    package var tcpHost: String
    package var tcpPort: Int
    /// Where the WebSocket listener binds.
    package var wsHost: String
    package var wsPort: Int
    /// This node's id: in CONNACK and in every message id.
    package var nodeID: Int64
    /// The largest remaining length a packet may declare.
    package var maxPacketSize: Int
    /// A connection that has not authenticated by then is closed.
    package var authTimeout: TimeAmount
    /// An authenticated connection without inbound traffic for this long is closed.
    package var idleTimeout: TimeAmount
    /// An unacknowledged RECV is resent after this long.
    package var recvRetryInterval: TimeAmount
    /// How many times an unacknowledged RECV is resent before it is given up (the client re-syncs).
    package var recvRetryLimit: Int
    /// Outbound bytes a connection may have queued; past it the connection is closed.
    package var outboundBufferLimit: Int
    /// The largest packet (or WebSocket frame) a connection may send before CONNECT is accepted.
    package var maxConnectPacketSize: Int
    /// Connections, on both ports together, that may be waiting to authenticate at once.
    package var maxUnauthenticatedConnections: Int
    /// Bytes of unacknowledged RECVs a connection may hold; past it the connection is closed.
    package var maxUnacknowledgedBytes: Int
    /// How long a graceful shutdown waits for the SENDACKs of SENDs already being stored.
    package var shutdownDrainTimeout: TimeAmount
    /// Whether a graceful shutdown sends DISCONNECT (reason 15, "server shutting down") first.
    package var disconnectOnShutdown: Bool

    package init(
        tcpHost: String = "0.0.0.0", tcpPort: Int = 5100, wsHost: String = "0.0.0.0", wsPort: Int = 5200,
        nodeID: Int64 = 1, maxPacketSize: Int = 1 << 20, authTimeout: TimeAmount = .seconds(4),
        idleTimeout: TimeAmount = .minutes(3), recvRetryInterval: TimeAmount = .seconds(60), recvRetryLimit: Int = 5,
        outboundBufferLimit: Int = 8 << 20, maxConnectPacketSize: Int = 4096, maxUnauthenticatedConnections: Int = 2048,
        maxUnacknowledgedBytes: Int = 4 << 20, shutdownDrainTimeout: TimeAmount = .seconds(10),
        disconnectOnShutdown: Bool = true
    ) {
        self.maxConnectPacketSize = maxConnectPacketSize
        self.maxUnauthenticatedConnections = maxUnauthenticatedConnections
        self.maxUnacknowledgedBytes = maxUnacknowledgedBytes
        self.shutdownDrainTimeout = shutdownDrainTimeout
        self.disconnectOnShutdown = disconnectOnShutdown
        self.tcpHost = tcpHost
        self.tcpPort = tcpPort
        self.wsHost = wsHost
        self.wsPort = wsPort
        self.nodeID = nodeID
        self.maxPacketSize = maxPacketSize
        self.authTimeout = authTimeout
        self.idleTimeout = idleTimeout
        self.recvRetryInterval = recvRetryInterval
        self.recvRetryLimit = recvRetryLimit
        self.outboundBufferLimit = outboundBufferLimit
    }
}
