/// Why the bundled OpenAPI document could not be loaded: a build or packaging fault.
package enum OpenAPIDocumentError: Error, CustomStringConvertible, Sendable {
    /// The resource bundle has no `openapi.json`.
    case missing(bundle: String)
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not an OpenAPI 3 JSON document.
    case invalid(path: String, reason: String)

    package var description: String {
        switch self {
        case .missing(let bundle):
            "the OpenAPI document openapi.json is missing from the resource bundle \(bundle)"
        case .unreadable(let path, let reason):
            "the OpenAPI document \(path) cannot be read: \(reason)"
        case .invalid(let path, let reason):
            "the OpenAPI document \(path) is invalid: \(reason)"
        }
    }
}
