import Foundation
import Hummingbird

/// A user's own credential for the HTTP API: `Authorization: WKUser <uid>:<token>`, with the
/// token an operator set for the user with `POST /user/token` (the one CONNECT checks). Both
/// parts are percent-encoded (`encodeURIComponent`), so a uid or token may hold any character;
/// ordinary values read as they are.
///
/// Only routes declared with ``RouteRegistrar/orUser(_:)`` accept it, for the user's own data.
struct UserCredential: Sendable, Hashable {
    /// The authorization scheme.
    static let scheme = "wkuser"

    var uid: String
    var token: String

    /// The credential the request presents, nil when it presents none (another scheme or no
    /// `Authorization` header).
    /// - Throws: a 401 naming the expected form when the scheme is WKUser but the rest is not
    ///   `<uid>:<token>`.
    static func presented(in request: Request) throws -> UserCredential? {
        guard let authorization = request.headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, first.lowercased() == scheme else { return nil }
        let value = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        guard let colon = value.firstIndex(of: ":"),
            let uid = value[..<colon].removingPercentEncoding, !uid.isEmpty,
            let token = value[value.index(after: colon)...].removingPercentEncoding, !token.isEmpty
        else {
            throw APIError(
                .unauthorized,
                "A user credential is Authorization: WKUser <uid>:<token> (both percent-encoded, neither empty)")
        }
        return UserCredential(uid: uid, token: token)
    }
}
