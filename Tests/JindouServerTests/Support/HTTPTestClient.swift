import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal JSON-over-HTTP client for tests, over a server's socket or straight into its router.
struct HTTPTestClient: Sendable {
    /// Where requests go.
    enum Transport: Sendable {
        /// A listening server, over loopback.
        case socket(host: String, port: Int)
        /// The router, called in-process by HummingbirdTesting's router mode.
        case router(any TestClientProtocol)
    }

    let transport: Transport
    /// Sent with every request (e.g. an API token).
    var headers: [String: String] = [:]

    init(host: String, port: Int) {
        transport = .socket(host: host, port: port)
    }

    init(router: any TestClientProtocol) {
        transport = .router(router)
    }

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
        try await perform("POST", path, body: raw)
    }

    /// The value of an unlabelled metric in `/metrics`, nil if it is not there.
    func metric(_ name: String) async throws -> Double? {
        let line = try await get("/metrics").text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    func get(_ path: String) async throws -> Response {
        try await perform("GET", path)
    }

    func send(_ method: String, _ path: String) async throws -> Response {
        try await perform(method, path)
    }

    /// Sends a request; a body goes as JSON.
    private func perform(_ method: String, _ path: String, body: Data? = nil) async throws -> Response {
        switch transport {
        case .socket(let host, let port):
            var request = URLRequest(url: URL(string: "http://\(host):\(port)\(path)")!)
            request.httpMethod = method
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = body
            }
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
        case .router(let client):
            var fields = HTTPFields()
            if body != nil { fields[.contentType] = "application/json" }
            for (name, value) in headers {
                fields[HTTPField.Name(name)!] = value
            }
            let response = try await client.executeRequest(
                uri: path, method: HTTPRequest.Method(method)!, headers: fields,
                body: body.map { ByteBuffer(bytes: $0) })
            var headers: [String: String] = [:]
            for field in response.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
            }
            return Response(
                status: Int(response.status.code), body: Data(response.body.readableBytesView), headers: headers)
        }
    }
}
