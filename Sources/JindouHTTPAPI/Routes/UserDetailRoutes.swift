import Hummingbird
import JindouCore

/// `GET /user/detail?uid=`: one user's state (404 for a uid that is neither registered, a system
/// user nor online) for an operator: whether it is registered, banned, a
/// (protected) system user, online with how many connections, how many devices hold a token, and
/// when it was last active.
struct UserDetailRoutes {
    let services: APIServices

    struct UserDetail: ResponseEncodable {
        var uid: String
        /// Registered (by `POST /users` or a first `/user/token`).
        var exists: Bool
        var nickname: String
        /// Unix milliseconds; absent when the user does not exist.
        var createdAt: Int64?
        /// Deactivated (`/users/{username}/deactivate`).
        var banned: Bool
        var isSystemUser: Bool
        var protected: Bool
        var online: Bool
        var connections: Int
        var devices: Int
        /// Unix milliseconds of the last connect, disconnect or send; absent if never seen.
        var lastActiveAt: Int64?
    }

    func register(on routes: RouteRegistrar) {
        routes.read.userManagement.get("/user/detail") { request, _ in
            let uid = try Validation.uid(QueryParameters(request).string("uid"), field: "uid")
            let user = try await services.storage.user(uid)
            let details = try await SystemUserRoutes(services: services).details(of: [uid])
            guard let state = details.first, user != nil || state.isSystemUser || state.online else {
                throw APIError.notFound("No such user: \(uid)")
            }
            let banned = services.channels.registry.state(of: ChannelKey(id: uid, type: .person))?.info.ban ?? false
            return UserDetail(
                uid: uid, exists: user != nil, nickname: user?.nickname ?? "", createdAt: user?.createdAt,
                banned: banned, isSystemUser: state.isSystemUser, protected: state.protected, online: state.online,
                connections: state.connections, devices: state.devices, lastActiveAt: state.lastActiveAt)
        }
    }
}
