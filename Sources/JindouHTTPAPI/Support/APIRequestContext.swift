import Foundation
import HTTPTypes
import Hummingbird
import JindouCore

/// The request context of the management API: who is calling (set by ``AccessMiddleware``) and
/// from where, for authorization and the audit trail.
package struct APIRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The peer's IP address ("" if unknown).
    package let clientIP: String
    /// The authenticated caller; nil until ``AccessMiddleware`` ran, and for open routes.
    package var caller: APICaller?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientIP = source.channel.remoteAddress?.ipAddress ?? ""
    }

    /// Response bodies are encoded with ``SnakeCaseKeys``: a response type's `channelID` is
    /// written `channel_id`.
    package var responseEncoder: JSONEncoder { .snakeCaseKeys() }

    /// The actor of a change for the audit trail: the caller, its address and user agent, and the
    /// reason given in the body (`reason`) or the `X-Audit-Reason` header.
    func actor(_ request: Request, reason: String?) -> AuditActor {
        let headerReason = request.headers[.auditReason] ?? ""
        return AuditActor(
            name: caller?.name ?? APICaller.open.name, clientIP: clientIP, userAgent: request.headers[.userAgent] ?? "",
            reason: (reason?.isEmpty ?? true) ? headerReason : reason!)
    }
}

/// Who is calling the API.
package struct APICaller: Sendable, Hashable {
    /// The token's name (`user:<uid>` for a user credential).
    package var name: String
    /// The token's role. A user credential counts as `readonly`; what it reaches is its route's
    /// ``UserScope``.
    package var role: APIRole
    /// The signed-in user of a user credential, nil for an API token.
    package var uid: String?

    package init(name: String, role: APIRole, uid: String? = nil) {
        self.name = name
        self.role = role
        self.uid = uid
    }

    /// The caller when the API runs without tokens.
    package static let open = APICaller(name: "open", role: .admin)

    /// A user signed in with their own credential.
    package static func user(_ uid: String) -> APICaller { APICaller(name: "user:\(uid)", role: .readonly, uid: uid) }
}

extension HTTPField.Name {
    /// Why a privilege change is made, recorded in the audit trail.
    static let auditReason = HTTPField.Name("X-Audit-Reason")!
}
