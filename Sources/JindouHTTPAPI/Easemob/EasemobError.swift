import Foundation
import Hummingbird
import JindouCore

/// An error in Easemob's envelope:
/// `{"error","exception","timestamp","duration","error_description"}`.
struct EasemobError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    /// Easemob's error type, e.g. `service_resource_not_found`.
    var error: String
    var exception: String
    var description: String
    /// Seconds for `Retry-After` (429).
    var retryAfter: Int?
    /// The `Allow` header of a 405.
    var allow: String?

    init(
        _ status: HTTPResponse.Status, _ error: String, _ exception: String, _ description: String,
        retryAfter: Int? = nil,
        allow: String? = nil
    ) {
        self.status = status
        self.error = error
        self.exception = exception
        self.description = description
        self.retryAfter = retryAfter
        self.allow = allow
    }

    static func userNotFound(_ username: String) -> EasemobError {
        EasemobError(
            .notFound, "service_resource_not_found", "EntityNotFoundException",
            "Service resource not found: user \(username) does not exist")
    }

    static let applicationNotFound = EasemobError(
        .notFound, "organization_application_not_found", "ApplicationNotFoundException",
        "Could not find application for the organization and application names in the path")

    static func illegalArgument(_ description: String) -> EasemobError {
        EasemobError(.badRequest, "illegal_argument", "IllegalArgumentException", description)
    }

    /// The same failure in Easemob's envelope.
    init(_ error: APIError) {
        let (type, exception): (String, String) =
            switch error.status.code {
            case 400: ("illegal_argument", "IllegalArgumentException")
            case 401: ("unauthorized", "UnauthorizedException")
            case 403: ("forbidden_op", "ForbiddenOperationException")
            case 404: ("service_resource_not_found", "EntityNotFoundException")
            case 405: ("method_not_allowed", "MethodNotAllowedException")
            case 413: ("request_entity_too_large", "RequestEntityTooLargeException")
            case 415: ("unsupported_media_type", "UnsupportedMediaTypeException")
            case 429: ("resource_limited", "ResourceLimitedException")
            default: ("internal_server_error", "InternalServerErrorException")
            }
        let description = error.status.code == 401 ? "Unable to authenticate (OAuth): \(error.message)" : error.message
        self.init(error.status, type, exception, description, retryAfter: error.retryAfter, allow: error.allow)
    }

    private struct Envelope: Encodable {
        var error: String
        var exception: String
        var timestamp: Int64
        var duration: Int
        var error_description: String
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(
            Envelope(
                error: error, exception: exception, timestamp: WallClock.nowMilliseconds(), duration: 0,
                error_description: description), from: request, context: context)
        response.status = status
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow { response.headers[.allow] = allow }
        return response
    }
}
