import Hummingbird

/// Typed access to a GET request's query string, with 400s that name the parameter.
struct QueryParameters {
    private let request: Request

    init(_ request: Request) {
        self.request = request
    }

    /// A string parameter, nil when absent.
    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// An integer parameter, nil when absent; a 400 when it is not an integer (an empty value
    /// included).
    func integer<T: FixedWidthInteger>(_ name: String, as type: T.Type = Int.self) throws -> T? {
        guard let text = string(name) else { return nil }
        guard let value = T(text) else { throw APIError.badRequest("\(name) must be an integer") }
        return value
    }
}
