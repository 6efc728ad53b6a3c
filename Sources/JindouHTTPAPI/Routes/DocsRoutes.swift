import Foundation
import Hummingbird

/// `GET /docs/openapi.json`: the API's OpenAPI document.
struct DocsRoutes {
    func register(on routes: RouteRegistrar) {
        // Loaded when the router is built, so a packaging fault shows at startup. A document that
        // cannot be loaded makes this route a 500 naming the fault; the rest of the API still serves.
        switch OpenAPIDocument.bundled {
        case .success(let document):
            let body = ByteBuffer(bytes: document.data)
            routes.open.get("/docs/openapi.json") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
            }
        case .failure(let error):
            routes.open.get("/docs/openapi.json") { _, context -> Response in
                context.logger.error("cannot serve the OpenAPI document", metadata: ["error": "\(error)"])
                throw APIError(.internalServerError, "The OpenAPI document is unavailable: \(error)")
            }
        }
    }
}
