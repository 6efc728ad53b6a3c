import Hummingbird

/// The methods each registered route pattern answers, taken from the router itself, to tell an
/// unknown path (404) from a known path asked with a method it does not serve (405 with `Allow`).
struct RouteMethods: Sendable {
    private struct Route: Sendable {
        var path: RouterPath
        var methods: Set<HTTPRequest.Method>
    }

    private let routes: [Route]

    /// The routes registered on `router` so far.
    init<Context>(of router: Router<Context>) {
        var byPath: [String: Route] = [:]
        for route in router.routes {
            byPath[route.path.description, default: Route(path: route.path, methods: [])].methods.insert(route.method)
        }
        routes = byPath.keys.sorted().map { byPath[$0]! }
    }

    /// The route patterns `path` matches and the methods they serve (sorted); both empty when no
    /// route matches it.
    func match(_ path: String) -> (patterns: [String], methods: [HTTPRequest.Method]) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var patterns: [String] = []
        var methods: Set<HTTPRequest.Method> = []
        for route in routes where Self.matches(route.path, segments) {
            patterns.append(route.path.description)
            methods.formUnion(route.methods)
        }
        return (patterns, methods.sorted { $0.rawValue < $1.rawValue })
    }

    /// Whether `segments` match `path` the way the router's trie does: literal components,
    /// parameter captures and wildcards one segment each, `**` the rest.
    private static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        var index = 0
        for component in path.components {
            if component == .recursiveWildcard { return index < segments.count }
            guard index < segments.count, component ~= segments[index] else { return false }
            index += 1
        }
        return index == segments.count
    }
}
