import HTTPTypes
import Hummingbird

/// The web pages: `GET /console` (operators) and `GET /chat` (a browser chat over the WebSocket
/// port), with their files at `/console/<file>` and `/chat/<file>`. The pages hold no authority
/// of their own: every action is an API call with the token the viewer signs in with.
struct WebRoutes {
    /// Sent with every page file: only this origin's scripts and styles; the chat's WebSocket may
    /// reach the WKProto port, which is another origin.
    static let contentSecurityPolicy =
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; "
        + "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    func register(on routes: RouteRegistrar) {
        for page in ["console", "chat"] {
            routes.page.get("/\(page)") { request, _ in try Self.serve("\(page)/index.html", for: request) }
            routes.page.get("/\(page)/:file") { request, context in
                let file = try context.parameters.require("file")
                return try Self.serve("\(page)/\(file)", for: request)
            }
        }
    }

    private static func serve(_ path: String, for request: Request) throws -> Response {
        let assets: WebAssets
        switch WebAssets.bundled {
        case .success(let bundled): assets = bundled
        case .failure(let error): throw APIError(.internalServerError, "The web pages are unavailable: \(error)")
        }
        guard let file = assets.files[path] else { throw APIError(.notFound, "No such file: /\(path)") }
        let headers: HTTPFields = [
            .contentType: file.contentType,
            .eTag: file.etag,
            .cacheControl: "no-cache",
            .contentSecurityPolicy: contentSecurityPolicy,
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }
}
