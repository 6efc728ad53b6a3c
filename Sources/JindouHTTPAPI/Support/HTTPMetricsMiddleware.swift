import CoreMetrics
import Hummingbird
import JindouEngine

/// Counts requests and times them per route pattern, method and status:
/// `jindou_http_requests_total{method,path,status}` and the histogram
/// `jindou_http_request_duration_seconds{method,path}`. Route patterns (not raw paths) keep the
/// label set small; requests that match no route are labelled `unmatched`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
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

/// The HTTP metrics, created from an explicit factory, one per label set.
package final class HTTPMetrics: Sendable {
    private struct RequestLabels: Hashable {
        var method: String
        var path: String
        var status: Int
    }

    private struct RouteLabels: Hashable {
        var method: String
        var path: String
    }

    private let requests: MetricFamily<RequestLabels, Counter>
    private let durations: MetricFamily<RouteLabels, Timer>
    private let rateLimited: MetricFamily<String, Counter>

    package init(factory: any MetricsFactory) {
        requests = MetricFamily { labels in
            Counter(
                label: "jindou_http_requests_total",
                dimensions: [("method", labels.method), ("path", labels.path), ("status", "\(labels.status)")],
                factory: factory)
        }
        durations = MetricFamily { labels in
            Timer(
                label: "jindou_http_request_duration_seconds",
                dimensions: [("method", labels.method), ("path", labels.path)],
                factory: factory)
        }
        rateLimited = MetricFamily { scope in
            Counter(label: "jindou_rate_limited_total", dimensions: [("scope", scope)], factory: factory)
        }
    }

    /// Counts a request refused by a rate limit (`jindou_rate_limited_total{scope}`).
    func recordRateLimited(scope: String) {
        rateLimited[scope].increment()
    }

    func record(_ method: HTTPRequest.Method, _ path: String?, _ status: Int, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let path = path ?? "unmatched"
        requests[RequestLabels(method: method.rawValue, path: path, status: status)].increment()
        durations[RouteLabels(method: method.rawValue, path: path)].recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
