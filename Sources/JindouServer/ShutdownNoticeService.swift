import JindouEngine
import ServiceLifecycle

/// Marks the engine as draining the moment a graceful shutdown starts. It is the last service of
/// the group, so the first to be told: while the HTTP API and then the gateway wind down,
/// readiness answers 503 "shutting down" and new CONNECTs are refused.
struct ShutdownNoticeService: Service {
    let engine: MessagingEngine

    func run() async throws {
        try? await gracefulShutdown()
        engine.beginDraining()
    }
}
