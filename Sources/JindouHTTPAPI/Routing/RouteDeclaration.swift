import JindouCore

/// What a route declares where it is registered: who may call it (an API token's role, and
/// whether a user credential may call it for the user's own data), which per-token rate-limit
/// bucket it draws from, and the envelope its errors answer in.
package struct RouteDeclaration: Sendable, Hashable {
    /// The per-token rate-limit bucket of a route.
    package enum RateBucket: Sendable, Hashable {
        /// The caller's role's bucket (`api_rate_<role>`).
        case role
        /// The user-management bucket shared by `/user/*` and `/users*` (`user_api_rate`).
        case userManagement
    }

    /// The error envelope of a route.
    package enum ErrorDialect: Sendable, Hashable {
        /// `{"status":<code>,"msg":"…"}`.
        case wukongIM
        /// Easemob's `{"error","exception","timestamp","duration","error_description"}`.
        case easemob
    }

    package var access: RouteAccess
    /// Whether a user credential (`Authorization: WKUser <uid>:<token>`) may call the route too,
    /// and for what; nil means API tokens only.
    package var user: UserScope?
    package var bucket: RateBucket = .role
    package var dialect: ErrorDialect = .wukongIM
    /// Whether the route is an API operation, listed in the OpenAPI document; false for the web
    /// pages (console, chat) served from the same port.
    package var isAPIOperation = true
}
