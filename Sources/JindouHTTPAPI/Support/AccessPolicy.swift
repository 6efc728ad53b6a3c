import Hummingbird
import JindouCore
import JindouEngine

/// Who may call which route, and how often.
package struct AccessPolicy: Sendable {
    /// The configured tokens; none means the API is open.
    package var tokens: [APIToken]
    /// Whether `/metrics` needs an admin token.
    package var metricsRequireToken: Bool
    /// One bucket per token for `/user/*` and `/users*` together.
    package var userAPILimiter: KeyedRateLimiter
    /// One bucket per token for every other route, by the token's role.
    package var roleLimiters: [APIRole: KeyedRateLimiter]

    package init(
        tokens: [APIToken], metricsRequireToken: Bool, userAPIRate: Double, roleRates: [APIRole: Double]
    ) {
        self.tokens = tokens
        self.metricsRequireToken = metricsRequireToken
        // A burst of one second's worth of requests.
        func limiter(_ rate: Double) -> KeyedRateLimiter {
            KeyedRateLimiter(rate: rate, burst: max(1, Int(rate.rounded(.up))))
        }
        userAPILimiter = limiter(userAPIRate)
        roleLimiters = Dictionary(uniqueKeysWithValues: APIRole.allCases.map { ($0, limiter(roleRates[$0] ?? 0)) })
    }

    /// Without tokens every route is open (the server then listens on loopback only, unless
    /// told otherwise).
    package var isOpen: Bool { tokens.isEmpty }

    /// The token whose secret is `secret`. Every token is compared in constant time, so the
    /// answer's timing does not depend on which token (if any) matched.
    func token(matching secret: String) -> APIToken? {
        ConstantTime.index(of: secret, in: tokens.map(\.secret)).map { tokens[$0] }
    }

    /// The access a route needs, by method and route pattern.
    func access(method: HTTPRequest.Method, path: String) -> RouteAccess {
        if Self.openPaths.contains(path) { return .open }
        if path == "/metrics" { return metricsRequireToken ? .admin : .open }
        if Self.adminPaths.contains(path) || path.hasPrefix("/channel/whitelist_") || path.hasPrefix("/channel/blacklist_") {
            return .admin
        }
        // Easemob-style user lifecycle writes (register, ban, logout, delete) are admin-only.
        if Self.isUserLifecycle(path) && method != .get && method != .head { return .admin }
        if method == .get || method == .head || Self.queryPaths.contains(path) { return .read }
        return .service
    }

    /// Whether a route belongs to user management (one shared rate-limit bucket per token).
    static func isUserManagement(_ path: String) -> Bool {
        path.hasPrefix("/user/") || isUserLifecycle(path)
    }

    /// The Easemob-style `/users…` routes (also under `/{org}/{app}`).
    static func isUserLifecycle(_ path: String) -> Bool {
        path == "/users" || path.hasPrefix("/users/") || path.contains("}/users")
    }

    static let openPaths: Set<String> = ["/health", "/health/live", "/health/ready", "/docs/openapi.json"]

    /// Privilege changes and reads of the audit trail.
    static let adminPaths: Set<String> = [
        "/user/systemuids_add", "/user/systemuids_remove", "/user/systemuids_add_to_cache",
        "/user/systemuids_remove_from_cache", "/user/device_quit", "/conn/kick", "/conn/remove", "/audit",
    ]

    /// POST routes that only read.
    static let queryPaths: Set<String> = [
        "/channel/messagesync", "/messages", "/message", "/conversation/sync", "/conversation/syncMessages",
        "/conversation/channels", "/conversation/syncByChannels", "/user/onlinestatus", "/route/batch",
    ]
}
