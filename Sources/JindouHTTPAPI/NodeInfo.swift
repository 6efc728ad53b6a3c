import Synchronization

/// This node's identity and the addresses clients are told to use.
package final class NodeInfo: Sendable {
    /// The addresses `/route` hands out.
    package struct RouteAddresses: Sendable, Hashable {
        /// `host:port` of the TCP gateway.
        package var tcp: String
        /// `ws://host:port` of the WebSocket gateway.
        package var ws: String
        /// `wss://host:port` of a TLS front for the WebSocket gateway, "" when there is none.
        package var wss: String

        package init(tcp: String, ws: String, wss: String) {
            self.tcp = tcp
            self.ws = ws
            self.wss = wss
        }
    }

    package let nodeID: Int64
    package let version: String
    package let dataDirectory: String
    /// The storage backend: `sqlite` or the masked PostgreSQL URL.
    package let store: String
    /// Unix seconds when the server started.
    package let startedAt: Int64
    /// What clients outside the network are told.
    package let external: RouteAddresses
    /// What clients inside the network are told (`intranet=1`).
    package let intranet: RouteAddresses
    /// The bound listener addresses, `host:port`.
    package let tcpAddress: String
    package let wsAddress: String
    private let boundHTTPAddress = Mutex<String>("")

    package init(
        nodeID: Int64, version: String, dataDirectory: String, store: String, startedAt: Int64,
        external: RouteAddresses,
        intranet: RouteAddresses, tcpAddress: String, wsAddress: String
    ) {
        self.nodeID = nodeID
        self.version = version
        self.dataDirectory = dataDirectory
        self.store = store
        self.startedAt = startedAt
        self.external = external
        self.intranet = intranet
        self.tcpAddress = tcpAddress
        self.wsAddress = wsAddress
    }

    /// The bound HTTP address, known once the API listens.
    package var httpAddress: String {
        get { boundHTTPAddress.withLock { $0 } }
        set { boundHTTPAddress.withLock { $0 = newValue } }
    }
}
