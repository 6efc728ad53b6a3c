import Synchronization

/// This node's identity and the addresses clients are told to use.
public final class NodeInfo: Sendable {
    /// The addresses `/route` hands out.
    public struct RouteAddresses: Sendable, Hashable {
        /// `host:port` of the TCP gateway.
        public var tcp: String
        /// `ws://host:port` of the WebSocket gateway.
        public var ws: String
        /// `wss://host:port` of a TLS front for the WebSocket gateway, "" when there is none.
        public var wss: String

        public init(tcp: String, ws: String, wss: String) {
            self.tcp = tcp
            self.ws = ws
            self.wss = wss
        }
    }

    public let nodeID: Int64
    public let version: String
    public let dataDirectory: String
    /// Unix seconds when the server started.
    public let startedAt: Int64
    /// What clients outside the network are told.
    public let external: RouteAddresses
    /// What clients inside the network are told (`intranet=1`).
    public let intranet: RouteAddresses
    /// The bound listener addresses, `host:port`.
    public let tcpAddress: String
    public let wsAddress: String
    private let boundHTTPAddress = Mutex<String>("")

    public init(
        nodeID: Int64, version: String, dataDirectory: String, startedAt: Int64, external: RouteAddresses,
        intranet: RouteAddresses, tcpAddress: String, wsAddress: String
    ) {
        self.nodeID = nodeID
        self.version = version
        self.dataDirectory = dataDirectory
        self.startedAt = startedAt
        self.external = external
        self.intranet = intranet
        self.tcpAddress = tcpAddress
        self.wsAddress = wsAddress
    }

    /// The bound HTTP address, known once the API listens.
    public var httpAddress: String {
        get { boundHTTPAddress.withLock { $0 } }
        set { boundHTTPAddress.withLock { $0 = newValue } }
    }
}
