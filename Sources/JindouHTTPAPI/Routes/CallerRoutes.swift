import Hummingbird
import JindouCore

/// `GET /whoami`: the name and role of the token the request presents, so that a client (the
/// console) can show only what that role may do. Any valid token may ask.
struct CallerRoutes {
    let services: APIServices

    struct Caller: ResponseEncodable {
        /// The token's name (`open` when the API has no tokens).
        var name: String
        /// `admin`, `service` or `readonly`.
        var role: String
        /// True when the API runs without tokens: every caller is an admin.
        var open: Bool
    }

    func register(on routes: RouteRegistrar) {
        routes.read.get("/whoami") { _, context in
            let caller = context.caller ?? .open
            return Caller(name: caller.name, role: caller.role.rawValue, open: services.access.isOpen)
        }
    }
}
