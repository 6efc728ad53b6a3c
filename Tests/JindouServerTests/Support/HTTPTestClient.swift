import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal JSON-over-HTTP client for tests.
struct HTTPTestClient: Sendable {
    let host: String
    let port: Int
    /// Sent with every request (e.g. an API token).
    var headers: [String: String] = [:]

    /// The same client sending `token: <token>`.
    func with(token: String) -> HTTPTestClient {
        var copy = self
        copy.headers["token"] = token
        return copy
    }

    /// The same client with one more header.
    func with(header name: String, _ value: String) -> HTTPTestClient {
        var copy = self
        copy.headers[name] = value
        return copy
    }

    struct Response: Sendable, CustomStringConvertible {
        var status: Int
        var body: Data
        var headers: [String: String]

        /// The body parsed as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }

        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { "HTTP \(status) \(text)" }
    }

    func post(_ path: String, _ body: Any) async throws -> Response {
        try await post(path, raw: try JSONSerialization.data(withJSONObject: body))
    }

    func post(_ path: String, raw: Data) async throws -> Response {
        var request = URLRequest(url: URL(string: "http://\(host):\(port)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = raw
        return try await perform(request)
    }

    /// The value of an unlabelled metric in `/metrics`, nil if it is not there.
    func metric(_ name: String) async throws -> Double? {
        let line = try await get("/metrics").text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    func get(_ path: String) async throws -> Response {
        try await perform(URLRequest(url: URL(string: "http://\(host):\(port)\(path)")!))
    }

    func send(_ method: String, _ path: String) async throws -> Response {
        var request = URLRequest(url: URL(string: "http://\(host):\(port)\(path)")!)
        request.httpMethod = method
        return try await perform(request)
    }

    private func perform(_ request: URLRequest) async throws -> Response {
        var request = request
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return Response(status: http.statusCode, body: data, headers: headers)
    }
}
