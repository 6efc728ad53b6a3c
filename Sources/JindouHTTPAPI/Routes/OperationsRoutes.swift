import Hummingbird
import JindouCore

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

        enum CodingKeys: String, CodingKey {
            case tcpAddr = "tcp_addr"
            case wsAddr = "ws_addr"
            case wssAddr = "wss_addr"
            case uids
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

        enum CodingKeys: String, CodingKey {
            case nodeID = "node_id"
            case version, start
            case uptimeSeconds = "uptime_seconds"
            case connections
            case tcpAddr = "tcp_addr"
            case wsAddr = "ws_addr"
            case httpAddr = "http_addr"
            case dataDir = "data_dir"
            case store
            case systemUIDs = "system_uids"
            case channels
        }
    }

    func register(on routes: RouteRegistrar) {
        routes.read.get("/route") { request, _ in Route(try addresses(request)) }
        routes.read.post("/route/batch") { request, _ in
            let addresses = try addresses(request)
            let uids = try await JSONBody.decode([String].self, from: request)
            try Validation.listSize(uids.count, field: "The uid list")
            try Validation.each(uids)
            // One node serves every uid.
            return [Route(addresses, uids: uids)]
        }
        routes.read.get("/varz") { _, _ in varz() }
        routes.with(access: services.access.metricsRequireToken ? .admin : .open).get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: services.renderMetrics())))
        }
    }

    private func addresses(_ request: Request) throws -> NodeInfo.RouteAddresses {
        switch try QueryParameters(request).integer("intranet") ?? 0 {
        case 0: return services.node.external
        case 1: return services.node.intranet
        default: throw APIError.badRequest("intranet must be 0 or 1")
        }
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
