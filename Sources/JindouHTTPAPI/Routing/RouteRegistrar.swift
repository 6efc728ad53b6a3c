import Hummingbird
import JindouCore

/// Registers routes on the API's router together with what they declare (``RouteDeclaration``):
/// a route file says `routes.admin.post("/user/systemuids_add") { … }`, so who may call a route is
/// written where the route is, and a route cannot be registered without saying it.
package struct RouteRegistrar {
    package typealias Handler<Output: ResponseGenerator> = @Sendable (Request, APIRequestContext) async throws -> Output

    let router: Router<APIRequestContext>
    let table: RouteTable
    private let declaration: RouteDeclaration?

    init(router: Router<APIRequestContext>, table: RouteTable) {
        self.router = router
        self.table = table
        self.declaration = nil
    }

    private init(_ other: RouteRegistrar, _ declaration: RouteDeclaration) {
        self.router = other.router
        self.table = other.table
        self.declaration = declaration
    }

    /// Routes anyone may call (health, the API document).
    var open: RouteRegistrar { with(access: .open) }
    /// The web pages and their files (console, chat): open, and not API operations. What a page
    /// can do is what the token its user signs in with may do through the API.
    var page: RouteRegistrar { RouteRegistrar(self, RouteDeclaration(access: .open, isAPIOperation: false)) }
    /// Routes that only read.
    var read: RouteRegistrar { with(access: .read) }
    /// Day-to-day backend changes.
    var service: RouteRegistrar { with(access: .service) }
    /// Privilege changes: admin tokens only.
    var admin: RouteRegistrar { with(access: .admin) }

    /// The same access for API tokens, and a user credential may call the route too for what
    /// `scope` allows: the user's own conversations, messages and route.
    func orUser(_ scope: UserScope) -> RouteRegistrar { RouteRegistrar(self, updated { $0.user = scope }) }

    /// The same access, drawing on the user-management rate-limit bucket.
    var userManagement: RouteRegistrar { RouteRegistrar(self, updated { $0.bucket = .userManagement }) }
    /// The same access, answering errors in Easemob's envelope.
    var easemob: RouteRegistrar { RouteRegistrar(self, updated { $0.dialect = .easemob }) }

    /// Routes whose access depends on the configuration.
    func with(access: RouteAccess) -> RouteRegistrar {
        RouteRegistrar(self, updated { $0.access = access })
    }

    func get<Output: ResponseGenerator>(_ path: String, _ handler: @escaping Handler<Output>) {
        add(.get, path, handler)
    }

    func post<Output: ResponseGenerator>(_ path: String, _ handler: @escaping Handler<Output>) {
        add(.post, path, handler)
    }

    func delete<Output: ResponseGenerator>(_ path: String, _ handler: @escaping Handler<Output>) {
        add(.delete, path, handler)
    }

    private func add<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler<Output>
    ) {
        guard let declaration else {
            preconditionFailure("route \(method) \(path) registered without declaring its access")
        }
        table.declare(declaration, method: method, path: path)
        router.on(RouterPath(path), method: method, use: handler)
    }

    private func updated(_ change: (inout RouteDeclaration) -> Void) -> RouteDeclaration {
        var declaration = self.declaration ?? RouteDeclaration(access: .admin)
        change(&declaration)
        return declaration
    }
}
