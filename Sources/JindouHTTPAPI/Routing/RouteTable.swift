import Hummingbird
import Synchronization

/// Every registered route with its ``RouteDeclaration``, filled while the routes are registered
/// and read by the access and error middleware on each request.
package final class RouteTable: Sendable {
    private let declarations = Mutex<[String: RouteDeclaration]>([:])

    package init() {}

    /// The declaration of the route matched for `method` and `path` (the route's pattern, as
    /// `context.endpointPath` gives it), nil for a path no route matches.
    package func declaration(method: HTTPRequest.Method, path: String) -> RouteDeclaration? {
        declarations.withLock { $0[Self.key(method, path)] }
    }

    /// Every declared route, as `(method, path pattern)`.
    package var routes: [(method: String, path: String, declaration: RouteDeclaration)] {
        declarations.withLock { table in
            table.map { key, declaration in
                let parts = key.split(separator: " ", maxSplits: 1)
                return (String(parts[0]), String(parts[1]), declaration)
            }
        }
    }

    func declare(_ declaration: RouteDeclaration, method: HTTPRequest.Method, path: String) {
        let key = Self.key(method, path)
        declarations.withLock { table in
            precondition(table[key] == nil, "route \(key) registered twice")
            table[key] = declaration
        }
    }

    private static func key(_ method: HTTPRequest.Method, _ path: String) -> String {
        "\(method.rawValue) \(RouterPath(path).description)"
    }
}
