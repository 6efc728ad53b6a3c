import Foundation
import Hummingbird
import JindouCore
import JindouEngine
import JindouProtocol

/// Easemob-compatible user lifecycle, at `/users…` and `/{org_name}/{app_name}/users…`: register
/// (one or a batch of up to 60), read, page, ban (`deactivate`) and unban (`activate`), force
/// logout (`disconnect`), and delete with the full cascade.
///
/// A user registered here and one created by `/user/token` are the same user. A ban is the user's
/// person-channel `ban` flag (the one `/channel/info` sets): connects and sends get reason 19,
/// others can still message the user.
struct UserLifecycleRoutes {
    let services: APIServices

    /// The most users one registration may carry.
    static let maxBatch = 60
    static let maxNicknameLength = 100
    static let maxPasswordLength = 64
    static let maxPage = 100

    struct Registration: Decodable {
        var username: String?
        var password: String?
        var nickname: String?
    }

    func register(on routes: RouteRegistrar) {
        for prefix in ["", "/{org_name}/{app_name}"] {
            routes.admin.userManagement.easemob.post("\(prefix)/users") { request, context in
                try await registerUsers(request, context)
            }
            routes.read.userManagement.easemob.get("\(prefix)/users") { request, context in
                try await list(request, context)
            }
            routes.admin.userManagement.easemob.delete("\(prefix)/users") { request, context in
                try await deleteOldest(request, context)
            }
            routes.read.userManagement.easemob.get("\(prefix)/users/{username}") { request, context in
                try await get(request, context)
            }
            routes.admin.userManagement.easemob.delete("\(prefix)/users/{username}") { request, context in
                try await delete(request, context)
            }
            routes.admin.userManagement.easemob.post("\(prefix)/users/{username}/deactivate") { request, context in
                try await setBanned(true, request, context)
            }
            routes.admin.userManagement.easemob.post("\(prefix)/users/{username}/activate") { request, context in
                try await setBanned(false, request, context)
            }
            routes.admin.userManagement.easemob.get("\(prefix)/users/{username}/disconnect") { request, context in
                try await disconnect(request, context)
            }
        }
    }

    // MARK: Routes

    func registerUsers(
        _ request: Request, _ context: APIRequestContext
    ) async throws -> EasemobEnvelope<[EasemobRegistrationFailure]> {
        let started = ContinuousClock.now
        try checkApplication(context)
        let data = try await JSONBody.data(from: request)
        let isBatch = data.first(where: { !$0.isWhitespace }) == UInt8(ascii: "[")
        let registrations: [Registration]
        do {
            registrations =
                isBatch
                ? try JSONDecoder().decode([Registration].self, from: data)
                : [try JSONDecoder().decode(Registration.self, from: data)]
        } catch let error as DecodingError {
            throw EasemobError.illegalArgument(JSONBody.describe(error))
        } catch {
            throw EasemobError.illegalArgument(
                "The request body must be a JSON object or an array of at most \(Self.maxBatch)")
        }
        guard !registrations.isEmpty, registrations.count <= Self.maxBatch else {
            throw EasemobError.illegalArgument("A batch registers 1 to \(Self.maxBatch) users")
        }
        var created: [EasemobEntity] = []
        var failures: [EasemobRegistrationFailure] = []
        for registration in registrations {
            let username = registration.username ?? ""
            if let problem = Self.problem(with: registration) {
                guard isBatch && registrations.count > 1 else { throw EasemobError.illegalArgument(problem) }
                failures.append(.init(username: username, registerUserFailReason: problem))
                continue
            }
            guard try await services.storage.registerUser(uid: username, nickname: registration.nickname ?? "") else {
                let problem = "Unable to create user entity due to duplicate unique property: username \(username)"
                guard isBatch && registrations.count > 1 else {
                    throw EasemobError(
                        .badRequest, "duplicate_unique_property_exists", "DuplicateUniquePropertyExistsException",
                        problem)
                }
                failures.append(.init(username: username, registerUserFailReason: problem))
                continue
            }
            if let user = try await services.storage.user(username) {
                created.append(EasemobEntity(user, activated: true))
            }
        }
        return envelope(
            "post", request, context, started: started, entities: created, data: failures.isEmpty ? nil : failures)
    }

    /// The rule a registration breaks, nil if it is valid.
    static func problem(with registration: Registration) -> String? {
        let username = registration.username ?? ""
        guard !username.isEmpty else { return "username is required" }
        guard username.utf8.count <= UsernameRules.maxLength else {
            return "USERNAME_TOO_LONG: username \(username) is longer than 64 bytes"
        }
        guard UsernameRules.isValid(username) else {
            return "username \(username) is not legal: use 1 to 64 characters of a-z, A-Z, 0-9, _, . and -"
        }
        if let nickname = registration.nickname, nickname.count > maxNicknameLength { return "NICKNAME_TOO_LONG" }
        if let password = registration.password, password.count > maxPasswordLength {
            return "password is longer than 64 characters"
        }
        return nil
    }

    func get(_ request: Request, _ context: APIRequestContext) async throws -> EasemobEnvelope<EasemobNoData> {
        let started = ContinuousClock.now
        try checkApplication(context)
        let user = try await existingUser(context)
        var response = envelope(
            "get", request, context, started: started, entities: [entity(user)], data: EasemobNoData?.none)
        response.count = 1
        return response
    }

    /// Users in creation order, `limit` (1–100, default 10) at a time; `cursor` continues.
    func list(_ request: Request, _ context: APIRequestContext) async throws -> EasemobEnvelope<EasemobNoData> {
        let started = ContinuousClock.now
        try checkApplication(context)
        let limit = try pageLimit(request)
        let after = try Self.decodeCursor(QueryParameters(request).string("cursor"))
        let users = try await services.storage.users(limit: limit + 1, after: after)
        let page = Array(users.prefix(limit))
        var response = envelope(
            "get", request, context, started: started, entities: page.map(entity), data: EasemobNoData?.none)
        response.count = page.count
        if users.count > limit, let last = page.last { response.cursor = Self.encodeCursor(last) }
        return response
    }

    /// Ban or unban: the user's connections get DISCONNECT (reason 19) and close; CONNECTs and
    /// sends are refused with 19 until `activate`.
    func setBanned(_ banned: Bool, _ request: Request, _ context: APIRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        try checkApplication(context)
        let user = try await existingUser(context)
        try await services.channels.setUserBan(user.uid, banned: banned, actor: context.actor(request, reason: nil))
        try await services.storage.touchUser(user.uid)
        if banned {
            await services.engine.disconnect(user.uid, reasonCode: .ban, reason: "user deactivated")
            let updated = try await services.storage.user(user.uid) ?? user
            return try envelope(
                "Deactivate user", request, context, started: started,
                entities: [EasemobEntity(updated, activated: false)],
                data: EasemobNoData?.none
            ).response(from: request, context: context)
        }
        return try envelope(
            "activate user", request, context, started: started, entities: nil, data: EasemobNoData?.none
        )
        .response(from: request, context: context)
    }

    /// Force logout of every device; the user may log in again.
    func disconnect(_ request: Request, _ context: APIRequestContext) async throws -> EasemobEnvelope<EasemobResult> {
        let started = ContinuousClock.now
        try checkApplication(context)
        let user = try await existingUser(context)
        let sessions = services.engine.sessions.sessions(of: user.uid)
        try await services.storage.appendAudit(
            context.actor(request, reason: nil).entry(
                .userDisconnect, uids: [user.uid], before: AuditState.encode(["connections": .number(sessions.count)]),
                after: AuditState.encode(["connections": .number(0)])))
        await services.engine.disconnect(user.uid, reasonCode: .connectKick, reason: "forced logout")
        var response = envelope(
            "get", request, context, started: started, entities: [], data: EasemobResult(result: true))
        response.count = 0
        return response
    }

    /// Deletes the user with its cascade; with `dry_run=true`, answers what the deletion would
    /// remove (``UserDeletionPreview``) and changes nothing.
    func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        try checkApplication(context)
        let username = try context.parameters.require("username")
        let purge = try Self.purgeMessages(request)
        if try Self.booleanQuery(request, "dry_run") {
            guard let deletion = try await services.channels.previewUserDeletion(username, purgeMessages: purge)
            else { throw EasemobError.userNotFound(username) }
            let preview = UserDeletionPreview(
                deletion, purgeMessages: purge, connections: services.engine.sessions.sessions(of: username).count)
            return try preview.response(from: request, context: context)
        }
        guard let deleted = try await deleteCascade(username, purge: purge, request, context) else {
            throw EasemobError.userNotFound(username)
        }
        return try envelope(
            "delete", request, context, started: started, entities: [deleted], data: EasemobNoData?.none
        )
        .response(from: request, context: context)
    }

    /// Deletes the oldest `limit` users (1–100, default 10). `dry_run` is refused (400): it
    /// previews one user's deletion only.
    func deleteOldest(_ request: Request, _ context: APIRequestContext) async throws -> EasemobEnvelope<EasemobNoData> {
        let started = ContinuousClock.now
        try checkApplication(context)
        let limit = try pageLimit(request)
        let purge = try Self.purgeMessages(request)
        // A dry run exists for one user only; a caller who asks for one here must not delete anyone.
        guard QueryParameters(request).string("dry_run") == nil else {
            throw EasemobError.illegalArgument("dry_run is only supported by DELETE /users/{username}")
        }
        var deleted: [EasemobEntity] = []
        for user in try await services.storage.users(limit: limit, after: nil) {
            if let entity = try await deleteCascade(user.uid, purge: purge, request, context) {
                deleted.append(entity)
            }
        }
        return envelope("delete", request, context, started: started, entities: deleted, data: EasemobNoData?.none)
    }

    // MARK: Helpers

    /// Deletes a user with its cascade: connections are told and closed before and after the
    /// transaction (a reconnect during it fails once the devices are gone).
    private func deleteCascade(
        _ uid: String, purge: Bool, _ request: Request, _ context: APIRequestContext
    ) async throws
        -> EasemobEntity?
    {
        guard let user = try await services.storage.user(uid) else { return nil }
        let activated = !isBanned(uid)
        kickAll(uid)
        guard
            try await services.channels.deleteUser(
                uid, purgeMessages: purge, actor: context.actor(request, reason: nil))
                != nil
        else { return nil }
        services.systemUsers.members.remove([uid])
        await services.engine.disconnect(uid, reasonCode: .connectKick, reason: "user deleted")
        return EasemobEntity(user, activated: activated)
    }

    private func kickAll(_ uid: String) {
        services.engine.sessions.kick(uid, reasonCode: .connectKick, reason: "user deleted")
    }

    private func isBanned(_ uid: String) -> Bool {
        services.channels.registry.state(of: ChannelKey(id: uid, type: .person))?.info.ban ?? false
    }

    private func entity(_ user: UserRecord) -> EasemobEntity {
        EasemobEntity(user, activated: !isBanned(user.uid))
    }

    private func existingUser(_ context: APIRequestContext) async throws -> UserRecord {
        let username = try context.parameters.require("username")
        guard let user = try await services.storage.user(username) else { throw EasemobError.userNotFound(username) }
        return user
    }

    /// 404 `organization_application_not_found` unless the path's org and app are the configured ones.
    private func checkApplication(_ context: APIRequestContext) throws {
        guard let organization = context.parameters.get("org_name") else { return }
        guard organization == services.easemob.organization,
            context.parameters.get("app_name") == services.easemob.application
        else { throw EasemobError.applicationNotFound }
    }

    private func pageLimit(_ request: Request) throws -> Int {
        let limit = try QueryParameters(request).integer("limit") ?? 10
        guard (1...Self.maxPage).contains(limit) else {
            throw EasemobError.illegalArgument("limit must be from 1 to \(Self.maxPage)")
        }
        return limit
    }

    private func envelope<DataValue>(
        _ action: String, _ request: Request, _ context: APIRequestContext, started: ContinuousClock.Instant,
        entities: [EasemobEntity]?, data: DataValue?
    ) -> EasemobEnvelope<DataValue> {
        let host = request.head.authority ?? "localhost"
        let path = "/\(services.easemob.organization)/\(services.easemob.application)/users"
        let elapsed = ContinuousClock.now - started
        return EasemobEnvelope(
            action: action, application: services.easemob.uuid, path: "/users", uri: "http://\(host)\(path)",
            entities: entities, data: data, timestamp: WallClock.nowMilliseconds(),
            duration: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000,
            organization: services.easemob.organization, applicationName: services.easemob.application)
    }

    /// `purge_messages`: `true` or `false` (absent: false); anything else, empty included, is a 400.
    static func purgeMessages(_ request: Request) throws -> Bool {
        try booleanQuery(request, "purge_messages")
    }

    /// A query flag: `true` or `false` (absent: false); anything else, empty included, is a 400
    /// naming it.
    static func booleanQuery(_ request: Request, _ name: String) throws -> Bool {
        switch QueryParameters(request).string(name) {
        case nil, "false": return false
        case "true": return true
        default: throw EasemobError.illegalArgument("\(name) must be true or false")
        }
    }

    static func encodeCursor(_ user: UserRecord) -> String {
        Data("\(user.createdAt):\(user.uid)".utf8).base64EncodedString()
    }

    static func decodeCursor(_ text: String?) throws -> UserRecord? {
        guard let text, !text.isEmpty else { return nil }
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":"), let createdAt = Int64(decoded[..<colon])
        else { throw EasemobError.illegalArgument("cursor is not valid") }
        return UserRecord(
            uid: String(decoded[decoded.index(after: colon)...]), uuid: "", nickname: "", createdAt: createdAt,
            modifiedAt: 0)
    }
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
