import Hummingbird

/// Answers 405 Method Not Allowed with an `Allow` header when a request's path is a route of the
/// API but its method is not one the route serves (Hummingbird's router answers 404 for both).
///
/// Added to the router after every route, so it wraps only the router's not-found responder.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods
    /// What the routes declared, for the envelope the 405 answers in.
    let declarations: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let (patterns, allowed) = routes.match(request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else {
            return try await next(request, context)
        }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        let error = APIError(
            .methodNotAllowed, "\(request.method.rawValue) is not allowed here; allowed: \(allow)", allow: allow)
        // Routes that declared Easemob's envelope (`/users…`) answer in it, as their other errors do.
        let easemob = declarations.routes.contains { patterns.contains($0.path) && $0.declaration.dialect == .easemob }
        if easemob { throw EasemobError(error) }
        throw error
    }
}
