import Foundation
import Hummingbird
import JindouCore

/// Reads a JSON request body, turning decoding failures into 400s that name the field.
///
/// Bodies are decoded with ``SnakeCaseKeys``: a request type's `channelID` reads `channel_id`.
///
/// Every route that reads a body goes through here, so every one refuses a body that is not
/// declared `application/json` (415): a browser can send `text/plain`, form or multipart bodies
/// cross-site without a CORS preflight, but not JSON.
enum JSONBody {
    /// The largest request body accepted.
    static let maxSize = 4 << 20

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let data = try await data(from: request)
        guard !data.isEmpty else {
            throw APIError.badRequest("Request body must be a JSON object")
        }
        do {
            return try JSONDecoder.snakeCaseKeys().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        } catch {
            throw APIError.badRequest("Request body is not valid JSON")
        }
    }

    /// The body's bytes: a 415 unless its Content-Type is `application/json` (parameters such as
    /// `charset` allowed), a 413 when it is larger than ``maxSize``.
    static func data(from request: Request) async throws -> Data {
        try checkContentType(request)
        do {
            return Data(try await request.body.collect(upTo: maxSize).readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "Request body is larger than \(maxSize) bytes")
        }
    }

    /// A 415 unless the request declares a JSON body.
    private static func checkContentType(_ request: Request) throws {
        let mediaType = request.headers[.contentType]?.split(separator: ";", omittingEmptySubsequences: false).first
        guard mediaType?.trimmingCharacters(in: .whitespaces).lowercased() == "application/json" else {
            throw APIError(.unsupportedMediaType, "Content-Type must be application/json")
        }
    }

    /// A sentence naming the field a decoding error is about, by its JSON key.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? SnakeCaseKeys.jsonKey(for: $0.stringValue) }
            return names.isEmpty ? "body" : names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) has the wrong type (expected \(typeName(type)))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must not be null (expected \(typeName(type)))"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath, key)) is required"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "Request body is not valid JSON" }
            return "\(path(context.codingPath)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "Request body is invalid"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Int64.Type, is UInt8.Type, is UInt32.Type, is UInt64.Type, is Int32.Type: "integer"
        case is Bool.Type: "boolean"
        case is [String].Type: "array of strings"
        default: "\(type)"
        }
    }
}
