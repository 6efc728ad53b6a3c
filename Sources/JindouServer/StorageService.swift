import JindouStorage
import ServiceLifecycle

/// Keeps the storage open while the server runs and closes it last: pending appends are flushed
/// after every listener has stopped.
struct StorageService: Service {
    let storage: any Storage

    func run() async throws {
        try? await gracefulShutdown()
        await storage.close()
    }
}
