import JindouEngine
import JindouStorage
import Logging
import ServiceLifecycle

/// Persists users' last activity every `interval`, and once more on shutdown (before the storage
/// closes: it is registered after the storage service, so it stops first).
struct ActivityFlushService: Service {
    let engine: MessagingEngine
    let storage: any Storage
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            await flush()
        }
        await flush()
    }

    private func flush() async {
        do {
            try await engine.activity.flush(to: storage, sessions: engine.sessions)
        } catch {
            logger.warning("saving users' last activity failed; retrying later", metadata: ["error": "\(error)"])
        }
    }
}
