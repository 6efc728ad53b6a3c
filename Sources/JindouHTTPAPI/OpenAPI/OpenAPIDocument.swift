import Foundation

/// The API's OpenAPI 3.0 document: `Resources/openapi.json`, shipped in the module's resource
/// bundle and served at `GET /docs/openapi.json`. It is the API contract; OpenAPIDocumentTests and
/// SchemathesisTests check it against the server.
package struct OpenAPIDocument: Sendable {
    /// The document's bytes, as stored in the resource.
    package let data: Data

    /// The bundled document, read and checked once, on first use.
    package static let bundled: Result<OpenAPIDocument, OpenAPIDocumentError> = {
        do throws(OpenAPIDocumentError) {
            return .success(try load(from: .module))
        } catch {
            return .failure(error)
        }
    }()

    /// Reads `openapi.json` from `bundle` and checks that it is an OpenAPI 3 JSON object.
    package static func load(from bundle: Bundle) throws(OpenAPIDocumentError) -> OpenAPIDocument {
        guard let url = bundle.url(forResource: "openapi", withExtension: "json") else {
            throw .missing(bundle: bundle.bundlePath)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: "\(error)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .invalid(path: url.path, reason: "not valid JSON: \(error)")
        }
        guard let document = object as? [String: Any], (document["openapi"] as? String)?.hasPrefix("3.") == true else {
            throw .invalid(
                path: url.path, reason: "not an OpenAPI 3 document (no \"openapi\": \"3.x\" at the top level)")
        }
        return OpenAPIDocument(data: data)
    }
}
