import Hummingbird
import JindouCore
import JindouEngine

/// The API's tokens and their rate limits. Which access each route needs is declared where the
/// route is registered (``RouteRegistrar``).
package struct AccessPolicy: Sendable {
    /// The configured tokens; none means the API is open.
    package var tokens: [APIToken]
    /// Whether `/metrics` needs an admin token.
    package var metricsRequireToken: Bool
    /// One bucket per token for `/user/*` and `/users*` together.
    package var userAPILimiter: KeyedRateLimiter
    /// One bucket per token for every other route, by the token's role.
    package var roleLimiters: [APIRole: KeyedRateLimiter]
    /// One bucket per uid for user credentials (`Authorization: WKUser`), charged for every
    /// attempt, so guessing a user's token is no faster than the limit.
    package var userCredentialLimiter: KeyedRateLimiter

    /// - Parameters:
    ///   - userCredentialRate: requests per second per uid with a user credential (0 = no limit).
    ///   - clock: times the rate limits.
    package init(
        tokens: [APIToken], metricsRequireToken: Bool, userAPIRate: Double, roleRates: [APIRole: Double],
        userCredentialRate: Double = AccessPolicy.defaultUserCredentialRate,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.tokens = tokens
        self.metricsRequireToken = metricsRequireToken
        // A burst of one second's worth of requests.
        func limiter(_ rate: Double) -> KeyedRateLimiter {
            KeyedRateLimiter(rate: rate, burst: max(1, Int(rate.rounded(.up))), clock: clock)
        }
        userAPILimiter = limiter(userAPIRate)
        roleLimiters = Dictionary(uniqueKeysWithValues: APIRole.allCases.map { ($0, limiter(roleRates[$0] ?? 0)) })
        userCredentialLimiter = limiter(userCredentialRate)
    }

    /// Requests per second a user may make with their own credential: a chat page needs a few
    /// per conversation it opens.
    package static let defaultUserCredentialRate = 20.0

    /// Without tokens every route is open (the server then listens on loopback only, unless
    /// told otherwise).
    package var isOpen: Bool { tokens.isEmpty }

    /// The token whose secret is `secret`. Every token is compared in constant time, so the
    /// answer's timing does not depend on which token (if any) matched.
    func token(matching secret: String) -> APIToken? {
        ConstantTime.index(of: secret, in: tokens.map(\.secret)).map { tokens[$0] }
    }
}
