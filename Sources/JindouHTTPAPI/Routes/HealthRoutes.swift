import Hummingbird

/// `GET /health`.
struct HealthRoutes {
    func register(on router: Router<APIRequestContext>) {
        router.get("/health") { _, _ in OKResponse() }
    }
}
