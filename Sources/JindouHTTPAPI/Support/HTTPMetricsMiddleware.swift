import CoreMetrics
import Hummingbird
import Synchronization

/// Counts requests and times them per route pattern, method and status:
/// `jindou_http_requests_total{method,path,status}` and the histogram
/// `jindou_http_request_duration_seconds{method,path}`. Route patterns (not raw paths) keep the
/// label set small; requests that match no route are labelled `unmatched`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.record(request.method, context.endpointPath, response.status.code, since: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(request.method, context.endpointPath, status, since: started)
            throw error
        }
    }
}

/// The HTTP metrics, created from an explicit factory and cached per label set.
public final class HTTPMetrics: Sendable {
    private struct Key: Hashable {
        var method: String
        var path: String
        var status: Int
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])
    private let timers = Mutex<[Key: Timer]>([:])
    private let rateLimited = Mutex<[String: Counter]>([:])

    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Counts a request refused by a rate limit (`jindou_rate_limited_total{scope}`).
    func recordRateLimited(scope: String) {
        let counter = rateLimited.withLock { counters in
            if let counter = counters[scope] { return counter }
            let counter = Counter(label: "jindou_rate_limited_total", dimensions: [("scope", scope)], factory: factory)
            counters[scope] = counter
            return counter
        }
        counter.increment()
    }

    func record(_ method: HTTPRequest.Method, _ path: String?, _ status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let path = path ?? "unmatched"
        let counterKey = Key(method: method.rawValue, path: path, status: status)
        let counter = counters.withLock { counters in
            if let counter = counters[counterKey] { return counter }
            let counter = Counter(
                label: "jindou_http_requests_total",
                dimensions: [("method", counterKey.method), ("path", path), ("status", "\(status)")], factory: factory)
            counters[counterKey] = counter
            return counter
        }
        counter.increment()
        let timerKey = Key(method: method.rawValue, path: path, status: 0)
        let timer = timers.withLock { timers in
            if let timer = timers[timerKey] { return timer }
            let timer = Timer(
                label: "jindou_http_request_duration_seconds", dimensions: [("method", timerKey.method), ("path", path)],
                factory: factory)
            timers[timerKey] = timer
            return timer
        }
        timer.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
