/// Runs async operations one after another, in submission order, even across suspension points
/// (an actor alone would interleave them at each `await`).
actor SerialTaskQueue {
    private var tail: Task<Void, Never>?

    /// Runs `operation` after every previously submitted one has finished.
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task {
            await previous?.value
            return try await operation()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}
