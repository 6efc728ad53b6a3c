import Hummingbird
import JindouCore
import JindouStorage

/// Users and their devices: `/user/token`, `/user/device_quit`, `/user/onlinestatus`.
struct UserRoutes {
    let services: APIServices

    struct UpdateTokenRequest: Decodable {
        var uid: String?
        var token: String?
        var deviceFlag: UInt8?
        var deviceLevel: UInt8?
    }

    struct DeviceQuitRequest: Decodable {
        var uid: String?
        var deviceFlag: Int?
        var reason: String?
    }

    struct OnlineStatus: ResponseEncodable {
        var uid: String
        var deviceFlag: UInt8
        var online: Int
    }

    func register(on routes: RouteRegistrar) {
        routes.service.userManagement.post("/user/token") { request, _ in try await updateToken(request) }
        routes.admin.userManagement.post("/user/device_quit") { request, context in
            try await deviceQuit(request, context: context)
        }
        routes.read.userManagement.post("/user/onlinestatus") { request, _ in try await onlineStatus(request) }
    }

    func updateToken(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(UpdateTokenRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        guard let token = body.token, !token.isEmpty else { throw APIError.badRequest("token cannot be empty") }
        guard uid != ReservedUID.system else { throw APIError.badRequest("The system uid cannot have a token") }
        let flag = DeviceFlag(body.deviceFlag ?? 0)
        guard DeviceFlag.userDevices.contains(flag) else {
            throw APIError.badRequest("device_flag must be 0 (app), 1 (web) or 2 (pc)")
        }
        guard let level = DeviceLevel(rawValue: body.deviceLevel ?? 0) else {
            throw APIError.badRequest("device_level must be 0 (slave) or 1 (master)")
        }
        try await services.storage.saveDeviceToken(DeviceToken(uid: uid, deviceFlag: flag, token: token, level: level))
        return OKResponse()
    }

    /// Logs devices out: their tokens are emptied (no reconnect until a new token) and their
    /// connections get DISCONNECT and are closed.
    func deviceQuit(_ request: Request, context: APIRequestContext) async throws -> OKResponse {
        let body = try await JSONBody.decode(DeviceQuitRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        let flags: [DeviceFlag]?
        switch body.deviceFlag ?? -1 {
        case -1: flags = nil
        case 0, 1, 2: flags = [DeviceFlag(UInt8(body.deviceFlag!))]
        default: throw APIError.badRequest("device_flag must be -1 (all), 0 (app), 1 (web) or 2 (pc)")
        }
        let sessions = services.engine.sessions.sessions(of: uid)
        guard try await services.storage.userExists(uid) || !sessions.isEmpty else {
            throw APIError.notFound("User does not exist: \(uid)")
        }
        let targets = sessions.filter { flags?.contains($0.deviceFlag) ?? true }
        let audit = context.actor(request, reason: body.reason).entry(
            .deviceQuit, uids: [uid],
            before: AuditState.encode(["connections": .number(targets.count)]),
            after: AuditState.encode([
                "connections": .number(0),
                "tokens_cleared": .numbers((flags ?? DeviceFlag.userDevices).map { Int($0.rawValue) }),
            ]))
        try await services.storage.clearDeviceTokens(uid: uid, flags: flags, audit: audit)
        await services.engine.disconnect(uid, deviceFlags: flags, reasonCode: .connectKick, reason: "device quit")
        return OKResponse()
    }

    /// One entry per live connection of the given uids, on every node of a cluster; offline uids
    /// are left out.
    func onlineStatus(_ request: Request) async throws -> [OnlineStatus] {
        let uids = try await JSONBody.decode([String].self, from: request)
        try Validation.listSize(uids.count, field: "The uid list", limit: RequestLimits.maxOnlineStatusUIDs)
        try Validation.each(uids)
        var statuses = services.engine.sessions.sessions(of: uids).map {
            OnlineStatus(uid: $0.uid, deviceFlag: $0.deviceFlag.rawValue, online: 1)
        }
        // In a cluster: the other live nodes' connections too (as they wrote them, within 200 ms).
        if let directory = services.cluster, let store = services.storage as? any ClusterStore {
            let elsewhere = try await store.presence(of: uids, liveWithin: directory.heartbeatTimeout)
            statuses += elsewhere.filter { $0.nodeID != directory.nodeID }.map {
                OnlineStatus(uid: $0.uid, deviceFlag: $0.deviceFlag, online: 1)
            }
        }
        return statuses
    }
}
