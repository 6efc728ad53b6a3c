import Hummingbird
import JindouCore
import JindouStorage

/// Routing and operations: `GET /route`, `POST /route/batch`, `GET /varz`, `GET /metrics`.
struct OperationsRoutes {
    let services: APIServices

    /// Where to connect; `uids` (only in `/route/batch`) are the users this address serves.
    struct Route: ResponseEncodable {
        var tcpAddr: String
        var wsAddr: String
        var wssAddr: String
        var uids: [String]?

        init(_ addresses: NodeInfo.RouteAddresses, uids: [String]? = nil) {
            tcpAddr = addresses.tcp
            wsAddr = addresses.ws
            wssAddr = addresses.wss
            self.uids = uids
        }
    }

    struct Varz: ResponseEncodable {
        var nodeID: Int64
        var version: String
        var start: Int64
        var uptimeSeconds: Int64
        var connections: Int
        var tcpAddr: String
        var wsAddr: String
        var httpAddr: String
        var dataDir: String
        var store: String
        var systemUIDs: Int
        var channels: Int
    }

    func register(on routes: RouteRegistrar) {
        routes.read.orUser(.queryUID("uid")).get("/route") { request, _ in
            let intranet = try intranet(request)
            // An empty uid is no uid (WuKongIM's clients may send `uid=`).
            let uid = QueryParameters(request).string("uid").flatMap { $0.isEmpty ? nil : $0 }
            if let uid { _ = try Validation.uid(uid, field: "uid") }
            return Route(addresses(of: uid.flatMap { services.cluster?.node(for: $0) }, intranet: intranet))
        }
        routes.read.post("/route/batch") { request, _ in
            let intranet = try intranet(request)
            let uids = try await JSONBody.decode([String].self, from: request)
            try Validation.listSize(uids.count, field: "The uid list")
            try Validation.each(uids)
            guard let cluster = services.cluster else {
                return [Route(addresses(of: nil, intranet: intranet), uids: uids)]
            }
            // One entry per node, each with the uids it serves, in the order of their first uid.
            var routes: [Route] = []
            var indexByNode: [Int: Int] = [:]
            for uid in uids {
                let node = cluster.node(for: uid)
                let key = node?.nodeID ?? cluster.nodeID
                if let index = indexByNode[key] {
                    routes[index].uids?.append(uid)
                } else {
                    indexByNode[key] = routes.count
                    routes.append(Route(addresses(of: node, intranet: intranet), uids: [uid]))
                }
            }
            return routes
        }
        routes.read.get("/varz") { _, _ in varz() }
        routes.with(access: services.access.metricsRequireToken ? .admin : .open).get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: services.renderMetrics())))
        }
    }

    private func intranet(_ request: Request) throws -> Bool {
        switch try QueryParameters(request).integer("intranet") ?? 0 {
        case 0: return false
        case 1: return true
        default: throw APIError.badRequest("intranet must be 0 or 1")
        }
    }

    /// The addresses of a cluster node, or of this node.
    private func addresses(of node: ClusterNode?, intranet: Bool) -> NodeInfo.RouteAddresses {
        guard let node, node.nodeID != Int(services.node.nodeID) else {
            return intranet ? services.node.intranet : services.node.external
        }
        let inside = NodeInfo.RouteAddresses(
            tcp: node.tcpAddress, ws: "ws://\(node.wsAddress)", wss: node.externalWSS)
        guard !intranet else { return inside }
        return NodeInfo.RouteAddresses(
            tcp: node.externalTCP.isEmpty ? inside.tcp : node.externalTCP,
            ws: node.externalWS.isEmpty ? inside.ws : node.externalWS, wss: node.externalWSS)
    }

    func varz() -> Varz {
        let node = services.node
        let now = Int64(WallClock.nowSeconds())
        return Varz(
            nodeID: node.nodeID, version: node.version, start: node.startedAt, uptimeSeconds: now - node.startedAt,
            connections: services.engine.sessions.connectionCount, tcpAddr: node.tcpAddress, wsAddr: node.wsAddress,
            httpAddr: node.httpAddress, dataDir: node.dataDirectory, store: node.store,
            systemUIDs: services.systemUsers.members.all.count,
            channels: services.channels.registry.count)
    }
}
