import Hummingbird
import JindouCore
import JindouStorage

/// `GET /cluster/nodes`: the nodes sharing this node's store, read fresh from it.
struct ClusterRoutes {
    let services: APIServices

    struct NodeList: ResponseEncodable {
        /// The node that answered.
        var nodeID: Int
        var nodes: [Node]
    }

    struct Node: Encodable {
        var nodeID: Int
        var live: Bool
        var version: String
        var httpAddr: String
        var tcpAddr: String
        var wsAddr: String
        var external: OperationsRoutes.Route
        var connections: Int
        /// Unix milliseconds.
        var startedAt: Int64
        var lastHeartbeat: Int64
        var heartbeatAgeMs: Int64
    }

    func register(on routes: RouteRegistrar) {
        routes.read.get("/cluster/nodes") { _, _ in try await nodes() }
    }

    private func nodes() async throws -> NodeList {
        let node = services.node
        guard let directory = services.cluster, let store = services.storage as? any ClusterStore else {
            // Alone: this node is the cluster.
            let now = WallClock.nowMilliseconds()
            let alone = Node(
                nodeID: Int(node.nodeID), live: true, version: node.version, httpAddr: node.httpAddress,
                tcpAddr: node.tcpAddress, wsAddr: node.wsAddress, external: OperationsRoutes.Route(node.external),
                connections: services.engine.sessions.connectionCount, startedAt: node.startedAt * 1000,
                lastHeartbeat: now, heartbeatAgeMs: 0)
            return NodeList(nodeID: Int(node.nodeID), nodes: [alone])
        }
        let registered = try await store.clusterNodes()
        return NodeList(
            nodeID: Int(node.nodeID),
            nodes: registered.map { entry in
                Node(
                    nodeID: entry.nodeID, live: entry.isLive(timeout: directory.heartbeatTimeout),
                    version: entry.version, httpAddr: entry.httpAddress, tcpAddr: entry.tcpAddress,
                    wsAddr: entry.wsAddress,
                    external: OperationsRoutes.Route(
                        NodeInfo.RouteAddresses(tcp: entry.externalTCP, ws: entry.externalWS, wss: entry.externalWSS)),
                    connections: entry.connections, startedAt: entry.startedAt, lastHeartbeat: entry.heartbeatAt,
                    heartbeatAgeMs: entry.heartbeatAge)
            })
    }
}
