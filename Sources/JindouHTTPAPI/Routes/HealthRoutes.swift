import Hummingbird
import JindouStorage

/// Liveness and readiness.
///
/// - `GET /health/live`: 200 while the process answers HTTP at all (restart it when this fails).
/// - `GET /health/ready` and `GET /health`: 200 `{"status":"ok"}` while the server can take
///   traffic; 503 `{"status":"degraded","reason":…}` while the store cannot write (a full disk, a
///   lost database), the node is out of step with its cluster (sends are refused until it caught
///   up), or the server is shutting down (send traffic elsewhere when this fails).
struct HealthRoutes {
    let services: APIServices

    /// The body of a health answer.
    struct HealthResponse: ResponseEncodable {
        var status: String
        var reason: String?
    }

    func register(on routes: RouteRegistrar) {
        routes.open.get("/health/live") { _, _ in HealthResponse(status: "ok") }
        routes.open.get("/health/ready") { _, _ in try await readiness() }
        routes.open.get("/health") { _, _ in try await readiness() }
    }

    private func readiness() async throws -> EditedResponse<HealthResponse> {
        if services.engine.isDraining {
            return EditedResponse(
                status: .serviceUnavailable, response: HealthResponse(status: "degraded", reason: "shutting down"))
        }
        if let cluster = services.engine.cluster, !cluster.isInSync {
            return EditedResponse(
                status: .serviceUnavailable,
                response: HealthResponse(
                    status: "degraded", reason: "not in step with the cluster: its feed from the database is lost"))
        }
        switch await services.storage.health() {
        case .healthy:
            return EditedResponse(status: .ok, response: HealthResponse(status: "ok"))
        case .failing(let reason):
            return EditedResponse(
                status: .serviceUnavailable, response: HealthResponse(status: "degraded", reason: reason))
        }
    }
}
