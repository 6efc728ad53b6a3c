import Hummingbird
import JindouCore
import JindouEngine
import JindouStorage

/// The system uid list: `GET /user/systemuids`, `/user/systemuids_add`, `/user/systemuids_remove`
/// and the node-local `_to_cache` / `_from_cache` variants.
///
/// Every change is in force for every gateway connection before the response is sent (the next
/// SEND of a removed uid is judged as an ordinary user's) and is audited in the same transaction.
struct SystemUserRoutes {
    let services: APIServices

    struct UIDsRequest: Decodable {
        var uids: [String]?
        var reason: String?
        var dryRun: Bool?
    }

    /// What removing a uid would do (`dry_run`) or the state of a system user (`detail=1`).
    struct SystemUserDetail: ResponseEncodable {
        var uid: String
        var isSystemUser: Bool
        var online: Bool
        var connections: Int
        var devices: Int
        /// Unix milliseconds of the last connect, disconnect or send; nil if never seen.
        var lastActiveAt: Int64?
        var protected: Bool
    }

    struct DryRunResponse: ResponseEncodable {
        var dryRun: Bool
        /// Whether the real call would succeed.
        var removable: Bool
        var uids: [SystemUserDetail]
    }

    func register(on routes: RouteRegistrar) {
        routes.read.userManagement.get("/user/systemuids") { request, context -> Response in
            let uids = try await services.systemUsers.stored()
            if try Validation.flag(QueryParameters(request).integer("detail"), field: "detail") {
                return try await details(of: uids).response(from: request, context: context)
            }
            return try uids.response(from: request, context: context)
        }
        routes.admin.userManagement.post("/user/systemuids_add") { request, context in
            let body = try await body(of: request)
            try await services.systemUsers.add(try uids(body), actor: context.actor(request, reason: body.reason))
            return OKResponse()
        }
        routes.admin.userManagement.post("/user/systemuids_remove") { request, context -> Response in
            let body = try await body(of: request)
            let uids = try uids(body)
            if body.dryRun == true {
                return try await dryRun(uids).response(from: request, context: context)
            }
            try check(try await services.systemUsers.remove(uids, actor: context.actor(request, reason: body.reason)))
            return try OKResponse().response(from: request, context: context)
        }
        routes.admin.userManagement.post("/user/systemuids_add_to_cache") { request, context in
            let body = try await body(of: request)
            try await services.systemUsers.addToCache(
                try uids(body), actor: context.actor(request, reason: body.reason))
            return OKResponse()
        }
        routes.admin.userManagement.post("/user/systemuids_remove_from_cache") { request, context in
            let body = try await body(of: request)
            let uids = try uids(body)
            try check(
                try await services.systemUsers.removeFromCache(uids, actor: context.actor(request, reason: body.reason))
            )
            return OKResponse()
        }
    }

    private func body(of request: Request) async throws -> UIDsRequest {
        try await JSONBody.decode(UIDsRequest.self, from: request)
    }

    /// The validated, de-duplicated uids of a request. `____system` is built in: it can be neither
    /// added nor removed.
    private func uids(_ body: UIDsRequest) throws -> [String] {
        let uids = try Validation.uids(body.uids)
        guard !uids.contains(ReservedUID.system) else {
            throw APIError.badRequest("uids cannot contain the built-in system uid \(ReservedUID.system)")
        }
        var seen = Set<String>()
        return uids.filter { seen.insert($0).inserted }
    }

    private func check(_ outcome: SystemUserService.Removal) throws {
        switch outcome {
        case .removed:
            return
        case .notSystemUsers(let missing):
            throw APIError.notFound("Specified user not in system user list: \(missing.joined(separator: ", "))")
        case .protected(let protected):
            throw APIError(
                .forbidden, "Protected system users cannot be removed: \(protected.joined(separator: ", "))")
        }
    }

    /// What removing `uids` would do; nothing changes.
    func dryRun(_ uids: [String]) async throws -> DryRunResponse {
        let details = try await details(of: uids)
        let removable = details.allSatisfy { $0.isSystemUser && !$0.protected }
        return DryRunResponse(dryRun: true, removable: removable, uids: details)
    }

    /// Membership, live connections, devices, last activity and protection of each uid.
    func details(of uids: [String]) async throws -> [SystemUserDetail] {
        let sessions = services.engine.sessions
        let activity = try await services.engine.activity.lastActivity(
            of: uids, sessions: sessions, storage: services.storage)
        let members = services.systemUsers.members.all
        var result: [SystemUserDetail] = []
        for uid in uids {
            let live = sessions.sessions(of: uid)
            result.append(
                SystemUserDetail(
                    uid: uid, isSystemUser: members.contains(uid), online: !live.isEmpty, connections: live.count,
                    devices: try await services.storage.deviceCount(of: uid), lastActiveAt: activity[uid],
                    protected: services.systemUsers.protectedUIDs.contains(uid)))
        }
        return result
    }
}
