import AsyncHTTPClient
import JindouCore
import NIOCore
import NIOHTTP1

/// Posts webhook requests with one kept `HTTPClient`: connections are reused, every request has
/// a deadline, redirects are not followed, and at most 64 KiB of a response is read.
final class WebhookTransport: Sendable {
    /// Why an attempt did not succeed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let client: HTTPClient
    private let configuration: WebhookConfiguration
    /// `{webhook_url}?event=<name>` of every event, built once.
    private let urls: [WebhookEvent: String]

    init(configuration: WebhookConfiguration, eventLoopGroup: any EventLoopGroup) {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.redirectConfiguration = .disallow
        let timeout = TimeAmount(configuration.timeout)
        clientConfiguration.timeout = .init(connect: timeout, read: timeout)
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60))
        clientConfiguration.decompression = .disabled
        self.client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: clientConfiguration)
        self.configuration = configuration
        self.urls = Dictionary(uniqueKeysWithValues: WebhookEvent.allCases.map { ($0, configuration.url(for: $0)) })
    }

    /// Sends one attempt; success is exactly HTTP 200.
    /// - Parameter timeout: a shorter deadline than the configured one (the last attempt at shutdown).
    func post(_ request: WebhookRequest, attempt: Int, timeout: Duration? = nil) async -> Result<Void, Failure> {
        var http = HTTPClientRequest(url: urls[request.event]!)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "User-Agent", value: "Jindou-Webhook")
        http.headers.add(name: "X-Jindou-Event", value: request.event.rawValue)
        http.headers.add(name: "X-Jindou-Event-Id", value: request.eventID)
        http.headers.add(name: "X-Jindou-Attempt", value: String(attempt))
        if !configuration.secret.isEmpty {
            http.headers.add(
                name: WebhookSignature.headerName,
                value: WebhookSignature.header(
                    body: request.body, secret: configuration.secret, timestamp: Int64(WallClock.nowSeconds())))
        }
        http.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let deadline = min(timeout ?? configuration.timeout, configuration.timeout)
            let response = try await client.execute(http, timeout: TimeAmount(deadline))
            // Read (and drop) the answer so the connection can be reused; a huge one is cut off.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            guard response.status == .ok else {
                return .failure(Failure(description: "HTTP \(response.status.code) \(response.status.reasonPhrase)"))
            }
            return .success(())
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
    }

    /// Closes the client's connections.
    func shutdown() async {
        try? await client.shutdown()
    }
}
