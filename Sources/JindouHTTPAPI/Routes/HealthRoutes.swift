import Hummingbird

/// `GET /health`.
struct HealthRoutes {
    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in OKResponse() }
    }
}
