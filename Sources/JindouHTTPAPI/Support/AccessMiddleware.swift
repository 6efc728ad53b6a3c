import HTTPTypes
import Hummingbird
import JindouCore

/// Authenticates the caller (`token` header or `Authorization: Bearer`), checks its role against
/// the access the route declared where it was registered (401 without a valid token, 403 without
/// the role) and applies the per-token rate limits (429 with `Retry-After`). A path no route
/// matches needs a valid token too, so it tells an anonymous caller nothing.
///
/// On routes declared ``RouteRegistrar/orUser(_:)`` a user may instead sign in with their own
/// credential (`Authorization: WKUser <uid>:<token>`, see ``UserCredential``): 401 when it is
/// not valid, 403 when the request is about another user's data (the route's ``UserScope``),
/// 429 past the per-uid limit. With an open API (no tokens) every route stays open.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let policy: AccessPolicy
    let routes: RouteTable
    let metrics: HTTPMetrics
    let users: UserAccess

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let declaration = context.endpointPath.flatMap { routes.declaration(method: request.method, path: $0) }
        let access = declaration?.access ?? .read
        var context = context
        if policy.isOpen {
            context.caller = .open
        } else if access != .open, let credential = try UserCredential.presented(in: request) {
            guard let scope = declaration?.user else {
                throw APIError(
                    .unauthorized,
                    "This route needs an API token: a user credential (WKUser) reads only the user's own "
                        + "conversations, messages and route")
            }
            if let wait = policy.userCredentialLimiter.acquire(credential.uid) {
                metrics.recordRateLimited(scope: "user_credential")
                throw APIError(
                    .tooManyRequests, "Rate limit of \(credential.uid)'s requests exceeded",
                    retryAfter: max(1, Int(wait.rounded(.up))))
            }
            let uid = try await users.authenticate(credential)
            let request = try await users.authorize(scope, uid: uid, request: request)
            context.caller = .user(uid)
            return try await next(request, context)
        } else if access != .open {
            guard let secret = Self.presentedToken(request) else {
                throw APIError(
                    .unauthorized,
                    "An API token is required: send it in the token header or as Authorization: Bearer <token>")
            }
            guard let token = policy.token(matching: secret) else {
                throw APIError(.unauthorized, "The API token is not valid")
            }
            guard token.role.permits(access) else {
                throw APIError(.forbidden, "No administrative permission")
            }
            context.caller = APICaller(name: token.name, role: token.role)
        }
        if access != .open, let caller = context.caller {
            let userManagement = declaration?.bucket == .userManagement
            let limiter = userManagement ? policy.userAPILimiter : policy.roleLimiters[caller.role]
            if let wait = limiter?.acquire(caller.name) {
                let scope = userManagement ? "user_api" : "api"
                metrics.recordRateLimited(scope: scope)
                throw APIError(
                    .tooManyRequests,
                    "Rate limit of the \(scope == "user_api" ? "user-management" : caller.role.rawValue) routes exceeded",
                    retryAfter: max(1, Int(wait.rounded(.up))))
            }
        }
        return try await next(request, context)
    }

    /// The token the request presents: the `token` header (WuKongIM's convention) or a bearer token.
    static func presentedToken(_ request: Request) -> String? {
        if let token = request.headers[.token], !token.isEmpty { return token }
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            return token.isEmpty ? nil : token
        }
        return nil
    }
}

extension HTTPField.Name {
    /// WuKongIM's API token header.
    static let token = HTTPField.Name("token")!
}
