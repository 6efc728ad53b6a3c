import JindouStorage
import Logging
import NIOCore
import PostgresNIO

/// The append writer's own connection, outside the pool, so that sends learn at once when the
/// database is gone: a lost connection is replaced on a later batch, after a backoff that grows
/// from 50 ms to 2 s, and every batch in between fails at once with `.unavailable`.
struct PostgresWriterLink {
    private let url: PostgresURL
    private let connectTimeout: Duration
    private let logger: Logger
    private var connection: PostgresConnection?
    private var failedAttempts = 0
    private var retryAt: ContinuousClock.Instant?
    private var lastError = ""
    private var nextID = 0

    init(url: PostgresURL, connectTimeout: Duration, logger: Logger) {
        self.url = url
        self.connectTimeout = connectTimeout
        self.logger = logger
    }

    /// The open connection, or a new one unless the backoff after a failed attempt still runs.
    mutating func connection() async throws(StorageError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        let clock = ContinuousClock()
        if let retryAt, clock.now < retryAt {
            throw StorageError(
                .unavailable,
                "the PostgreSQL server at \(url.host):\(url.port) is unreachable (\(lastError)); reconnecting")
        }
        do {
            let configuration = try url.connectionConfiguration(connectTimeout: connectTimeout)
            nextID += 1
            let connection = try await PostgresConnection.connect(
                configuration: configuration, id: nextID, logger: logger)
            if failedAttempts > 0 {
                logger.notice(
                    "the append writer reconnected to PostgreSQL",
                    metadata: ["url": "\(url.masked)", "failedAttempts": "\(failedAttempts)"])
            }
            failedAttempts = 0
            retryAt = nil
            self.connection = connection
            return connection
        } catch {
            failedAttempts += 1
            let backoff = min(2_000, 50 << min(failedAttempts - 1, 6))
            retryAt = clock.now + .milliseconds(Int.random(in: backoff / 2...backoff))
            lastError = PostgresErrors.storageError(error, while: "connecting").message
            throw StorageError(
                .unavailable, "cannot connect to the PostgreSQL server at \(url.host):\(url.port) (\(lastError))")
        }
    }

    /// Forgets a connection that failed other than with a server error (it may be broken).
    mutating func discard() async {
        guard let connection else { return }
        self.connection = nil
        try? await connection.close()
    }

    /// Closes the connection at shutdown.
    mutating func close() async {
        await discard()
    }
}
