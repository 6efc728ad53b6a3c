import Hummingbird
import Logging

/// Makes every error answer in the API's envelope: Hummingbird's own errors (404 for an unknown
/// route, 413 for a large body) keep their status, anything unexpected becomes a 500 without details.
/// Routes that declared Easemob's dialect (the `/users` routes) answer in its envelope instead.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as EasemobError {
            throw error
        } catch {
            let apiError = Self.apiError(error, request: request, context: context)
            let declaration = context.endpointPath.flatMap { routes.declaration(method: request.method, path: $0) }
            if declaration?.dialect == .easemob {
                throw EasemobError(apiError)
            }
            throw apiError
        }
    }

    private static func apiError(_ error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            return APIError(error.status, error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            return APIError(error.status, error.status.reasonPhrase)
        default:
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return APIError(.internalServerError, "Internal server error")
        }
    }
}
