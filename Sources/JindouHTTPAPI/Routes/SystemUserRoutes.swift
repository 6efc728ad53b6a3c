import Hummingbird
import JindouCore
import JindouStorage

/// The system uid list: `GET /user/systemuids`, `/user/systemuids_add`, `/user/systemuids_remove`
/// and the node-local `_to_cache` / `_from_cache` variants.
///
/// Every change is in force for every gateway connection before the response is sent: the next
/// SEND of a removed uid is judged as an ordinary user's.
struct SystemUserRoutes {
    let services: APIServices

    struct UIDsRequest: Decodable {
        var uids: [String]?
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/user/systemuids") { _, _ in try await list() }
        router.post("/user/systemuids_add") { request, _ in
            let uids = try await uids(of: request)
            try await services.systemUsers.add(uids)
            return OKResponse()
        }
        router.post("/user/systemuids_remove") { request, _ in
            let uids = try await uids(of: request)
            try check(try await services.systemUsers.remove(uids))
            return OKResponse()
        }
        router.post("/user/systemuids_add_to_cache") { request, _ in
            let uids = try await uids(of: request)
            try await services.systemUsers.addToCache(uids)
            return OKResponse()
        }
        router.post("/user/systemuids_remove_from_cache") { request, _ in
            let uids = try await uids(of: request)
            try check(try await services.systemUsers.removeFromCache(uids))
            return OKResponse()
        }
    }

    func list() async throws -> [String] {
        try await services.systemUsers.stored()
    }

    /// The validated, de-duplicated uids of a request. `____system` is built in: it can be neither
    /// added nor removed.
    private func uids(of request: Request) async throws -> [String] {
        let body = try await JSONBody.decode(UIDsRequest.self, from: request)
        let uids = try Validation.uids(body.uids)
        guard !uids.contains(ReservedUID.system) else {
            throw APIError.badRequest("uids cannot contain the built-in system uid \(ReservedUID.system)")
        }
        var seen = Set<String>()
        return uids.filter { seen.insert($0).inserted }
    }

    private func check(_ outcome: SystemUIDRemoval) throws {
        if case .notSystemUsers(let missing) = outcome {
            throw APIError.notFound("Specified user not in system user list: \(missing.joined(separator: ", "))")
        }
    }
}
