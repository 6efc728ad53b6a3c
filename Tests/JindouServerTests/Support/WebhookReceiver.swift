import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// A real HTTP endpoint for webhooks, inside the test process (Hummingbird on a loopback port
/// chosen by the OS): records every request and answers as the test says.
final class WebhookReceiver: Sendable {
    /// How the endpoint answers.
    enum Mode: Sendable {
        case ok
        /// Answers this status (a failure unless 200).
        case status(Int)
        /// Never answers (until the request times out).
        case hang
    }

    /// One request as it arrived.
    struct Delivery: Sendable {
        var event: String
        var eventID: String
        var attempt: Int
        var signature: String?
        var contentType: String?
        var body: Data
        /// Whether the endpoint answered it with 200.
        var accepted: Bool

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        /// The body as an array of objects (msg.notify), empty otherwise.
        var objects: [[String: Any]] { json as? [[String: Any]] ?? [] }
    }

    /// What the route handler and the test share.
    private final class State: Sendable {
        let mode: Mutex<Mode>
        let received = Mutex<[Delivery]>([])
        init(mode: Mode) { self.mode = Mutex(mode) }
    }

    let port: Int
    private let state: State
    private let task: Task<Void, any Error>

    private init(port: Int, state: State, task: Task<Void, any Error>) {
        self.port = port
        self.state = state
        self.task = task
    }

    /// The webhook_url to configure.
    var url: String { "http://127.0.0.1:\(port)/hook" }

    static func start(mode initial: Mode = .ok) async throws -> WebhookReceiver {
        let state = State(mode: initial)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 64 << 20).readableBytesView)
            let current = state.mode.withLock { $0 }
            let status: Int
            switch current {
            case .ok: status = 200
            case .status(let code): status = code
            case .hang:
                try await Task.sleep(for: .seconds(3600))
                status = 200
            }
            let headers = request.headers
            state.received.withLock {
                $0.append(
                    Delivery(
                        event: request.uri.queryParameters["event"].map(String.init) ?? "",
                        eventID: headers[HTTPField.Name("X-Jindou-Event-Id")!] ?? "",
                        attempt: Int(headers[HTTPField.Name("X-Jindou-Attempt")!] ?? "") ?? 0,
                        signature: headers[HTTPField.Name("X-Jindou-Signature")!],
                        contentType: headers[.contentType], body: body, accepted: status == 200))
            }
            return Response(status: HTTPResponse.Status(code: status))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw TestFailure("webhook receiver did not start") }
        return WebhookReceiver(port: port, state: state, task: task)
    }

    func set(_ newMode: Mode) {
        state.mode.withLock { $0 = newMode }
    }

    /// Every request so far, in arrival order.
    var deliveries: [Delivery] { state.received.withLock { $0 } }

    /// The accepted requests of one event.
    func accepted(_ event: String) -> [Delivery] {
        deliveries.filter { $0.event == event && $0.accepted }
    }

    /// Waits until `condition` holds for the deliveries (polling), failing after `timeout`.
    func waitUntil(
        timeout: Duration = .seconds(20), _ what: String, _ condition: ([Delivery]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(deliveries) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("webhook receiver: timed out waiting for \(what); got \(deliveries.count) requests")
    }

    func stop() {
        task.cancel()
    }
}
