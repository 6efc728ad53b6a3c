import Hummingbird

/// An error answered with its HTTP status and the envelope `{"status":<code>,"msg":"<message>"}`.
package struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    package var status: HTTPResponse.Status
    package var message: String
    /// Extra fields added to the envelope (for example a send's reason code).
    package var reasonCode: UInt8?
    /// Whole seconds for the `Retry-After` header of a 429.
    package var retryAfter: Int?
    /// The `Allow` header of a 405: the methods the path serves.
    package var allow: String?

    package init(
        _ status: HTTPResponse.Status, _ message: String, reasonCode: UInt8? = nil, retryAfter: Int? = nil,
        allow: String? = nil
    ) {
        self.status = status
        self.message = message
        self.reasonCode = reasonCode
        self.retryAfter = retryAfter
        self.allow = allow
    }

    /// A 400 for a request that names the offending field in `message`.
    package static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// A 404 for a missing resource.
    package static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }

    package var description: String { "\(status.code) \(message)" }

    private struct Envelope: Encodable {
        var status: Int
        var msg: String
        var reason_code: UInt8?
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(
            Envelope(status: status.code, msg: message, reason_code: reasonCode), from: request, context: context)
        response.status = status
        if let retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        if let allow { response.headers[.allow] = allow }
        return response
    }
}
