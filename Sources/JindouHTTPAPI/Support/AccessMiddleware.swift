import HTTPTypes
import Hummingbird
import JindouCore

/// Authenticates the caller (`token` header or `Authorization: Bearer`), checks its role against
/// the route (401 without a valid token, 403 without the role) and applies the per-token rate
/// limits (429 with `Retry-After`).
struct AccessMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let policy: AccessPolicy
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = context.endpointPath ?? request.uri.path
        let access = policy.access(method: request.method, path: path)
        var context = context
        if policy.isOpen {
            context.caller = .open
        } else if access != .open {
            guard let secret = Self.presentedToken(request) else {
                throw APIError(.unauthorized, "An API token is required: send it in the token header or as Authorization: Bearer <token>")
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
            let userManagement = AccessPolicy.isUserManagement(path)
            let limiter = userManagement ? policy.userAPILimiter : policy.roleLimiters[caller.role]
            if let wait = limiter?.acquire(caller.name) {
                let scope = userManagement ? "user_api" : "api"
                metrics.recordRateLimited(scope: scope)
                throw APIError(
                    .tooManyRequests, "Rate limit of the \(scope == "user_api" ? "user-management" : caller.role.rawValue) routes exceeded",
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
