import Hummingbird
import JindouCore
import JindouEngine

/// Live connections: `/conn/kick`, `/conn/remove` and `GET /connz`.
struct ConnectionRoutes {
    let services: APIServices

    /// The largest `limit` of `/connz`.
    static let maxConnzLimit = 1000

    struct ConnectionRequest: Decodable {
        var uid: String?
        var connID: Int64?
        var nodeID: Int64?
        var reason: String?
    }

    struct Connection: Encodable {
        var id: Int64
        var uid: String
        var deviceFlag: UInt8
        var deviceID: String
        var deviceLevel: UInt8
        var protocolVersion: UInt8
        var transport: String
        var remoteAddr: String
        var connectedAt: Int64

        init(_ session: ClientSession) {
            id = session.id
            uid = session.uid
            deviceFlag = session.deviceFlag.rawValue
            deviceID = session.deviceID
            deviceLevel = session.level.rawValue
            protocolVersion = session.protocolVersion
            transport = session.transport
            remoteAddr = session.remoteAddress
            connectedAt = session.connectedAt
        }
    }

    struct Connz: ResponseEncodable {
        /// The node that answered: connections are listed per node.
        var nodeID: Int64
        var total: Int
        var offset: Int
        var limit: Int
        var connections: [Connection]
    }

    func register(on routes: RouteRegistrar) {
        routes.admin.post("/conn/kick") { request, context in
            let session = try await audited(.connectionKick, request, context)
            session.kick(reasonCode: .connectKick, reason: "server kick")
            return OKResponse()
        }
        routes.admin.post("/conn/remove") { request, context in
            let session = try await audited(.connectionRemove, request, context)
            session.close()
            return OKResponse()
        }
        routes.read.get("/connz") { request, _ in try connz(request) }
    }

    /// The live connection a request names, after the audit entry for closing it is stored.
    private func audited(
        _ action: AuditAction, _ request: Request, _ context: APIRequestContext
    ) async throws
        -> ClientSession
    {
        let body = try await JSONBody.decode(ConnectionRequest.self, from: request)
        let session = try session(body)
        let connection: [String: AuditState.Value] = [
            "conn_id": .number(Int(session.id)), "device_flag": .number(Int(session.deviceFlag.rawValue)),
        ]
        try await services.storage.appendAudit(
            context.actor(request, reason: body.reason).entry(
                action, uids: [session.uid],
                before: AuditState.encode(connection.merging(["open": .flag(true)]) { $1 }),
                after: AuditState.encode(connection.merging(["open": .flag(false)]) { $1 })))
        return session
    }

    /// The live connection a request names (by uid and conn_id, on this node).
    private func session(_ body: ConnectionRequest) throws -> ClientSession {
        let uid = try Validation.uid(body.uid)
        guard let id = body.connID, id != 0 else { throw APIError.badRequest("conn_id cannot be 0") }
        guard id > 0 else { throw APIError.badRequest("conn_id cannot be negative") }
        if let node = body.nodeID, node != 0, node != services.node.nodeID {
            throw APIError.notFound("Node \(node) is not this node (\(services.node.nodeID))")
        }
        guard let session = services.engine.sessions.session(id: id, of: uid) else {
            throw APIError.notFound("Connection \(id) of \(uid) does not exist")
        }
        return session
    }

    /// A page of the live connections, oldest connection id first, optionally of one uid.
    func connz(_ request: Request) throws -> Connz {
        let query = QueryParameters(request)
        let offset = try query.integer("offset") ?? 0
        let limit = try query.integer("limit") ?? 100
        guard offset >= 0 else { throw APIError.badRequest("offset cannot be negative") }
        guard (1...Self.maxConnzLimit).contains(limit) else {
            throw APIError.badRequest("limit must be from 1 to \(Self.maxConnzLimit)")
        }
        let sessions: [ClientSession]
        if let uid = query.string("uid"), !uid.isEmpty {
            sessions = services.engine.sessions.sessions(of: try Validation.uid(uid))
        } else {
            sessions = services.engine.sessions.allSessions
        }
        let sorted = sessions.sorted { $0.id < $1.id }
        let page = offset < sorted.count ? Array(sorted[offset..<min(sorted.count, offset + limit)]) : []
        return Connz(
            nodeID: services.node.nodeID, total: sorted.count, offset: offset, limit: limit,
            connections: page.map(Connection.init))
    }
}
