import Hummingbird

/// `GET /docs/openapi.json`: the API's OpenAPI document.
struct DocsRoutes {
    /// The document's bytes, encoded once.
    private static let body = ByteBuffer(string: OpenAPIDocument.json)

    func register(on routes: RouteRegistrar) {
        routes.open.get("/docs/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: Self.body))
        }
    }
}
