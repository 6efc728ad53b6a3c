import Hummingbird

/// Answers 405 Method Not Allowed with an `Allow` header when a request's path is a route of the
/// API but its method is not one the route serves (Hummingbird's router answers 404 for both).
///
/// Added to the router after every route, so it wraps only the router's not-found responder.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (patterns, allowed) = routes.match(request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method) else {
            return try await next(request, context)
        }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        let error = APIError(.methodNotAllowed, "\(request.method.rawValue) is not allowed here; allowed: \(allow)", allow: allow)
        // The `/users…` routes answer in Easemob's envelope, as their other errors do.
        if patterns.contains(where: AccessPolicy.isUserLifecycle) { throw EasemobError(error) }
        throw error
    }
}
