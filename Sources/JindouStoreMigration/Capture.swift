/// The outcome of `body` as a `Result`, so that a typed error survives `async let`.
func capture<T: Sendable>(
    _ body: () async throws(MigrationError) -> T
) async -> Result<T, MigrationError> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
