import HTTPTypes
import Hummingbird
import JindouEngine

/// In a cluster: collects the nodes that did not confirm a change the request made within the
/// bound and names them in the reply's `X-Jindou-Lagging-Nodes` header (the change is committed
/// and in force everywhere else; the named nodes refuse sends until they catch up).
struct PropagationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    static let header = HTTPField.Name("X-Jindou-Lagging-Nodes")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let report = PropagationReport()
        var response = try await PropagationReport.$current.withValue(report) {
            try await next(request, context)
        }
        let lagging = report.laggingNodes
        if !lagging.isEmpty {
            response.headers[Self.header] = lagging.map(String.init).joined(separator: ",")
        }
        return response
    }
}
