import JindouCore
import JindouStorage
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The storage backend on a PostgreSQL server (postgres-nio's `PostgresClient` and its pool).
///
/// Appends are group-committed by ``PostgresAppendWriter``: one transaction per batch, the
/// touched channels' counter rows locked in a fixed order, one multi-row insert, completions after
/// COMMIT returns.
///
/// Every other write is one transaction on a pooled connection. Channel rows are the only rows
/// that both the writer and those transactions lock; whoever locks several takes them in id
/// order, so the two never deadlock on them.
package final class PostgresStorage: Storage {
    /// The store URL with its password masked.
    package let location: String
    /// The identifier of the last applied migration.
    package let schemaVersion: String
    let client: PostgresClient
    let logger: Logger
    let idGenerator: MessageIDGenerator
    let writer: PostgresAppendWriter
    /// Where the server is (the cluster feed opens its own connection there).
    let url: PostgresURL
    private let clientTask: Task<Void, Never>
    /// How long an operation waits for a pooled connection (the connect timeout).
    let leaseTimeout: Duration
    private let writerTask: Task<Void, Never>

    /// Connects, migrates and starts the writer.
    /// - Throws: `.unavailable` naming the host when the server cannot be reached or migrated.
    package static func open(
        url: PostgresURL, nodeID: Int64, poolSize: Int = 10, connectTimeout: Duration = .seconds(10),
        logger: Logger
    ) async throws(StorageError) -> PostgresStorage {
        let client = PostgresClient(
            configuration: url.clientConfiguration(maximumConnections: poolSize, connectTimeout: connectTimeout),
            backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        do {
            // The pool retries a server it cannot reach for a minute before it gives up: bound
            // reaching it by the connect timeout instead (the migrations that follow are not:
            // on a large database they take as long as they take).
            _ = try await withDeadline(connectTimeout) {
                try await client.query("SELECT 1", logger: logger).decode(Int32.self).first { _ in true }
            }
            let schemaVersion = try await PostgresMigrations.migrate(client, logger: logger)
            // Also above every webhook watermark: after the newest messages were deleted (and the
            // clock stepped back), a new id at or below a watermark would never be sent.
            let maxMessageID =
                try await client.query(
                    """
                    SELECT greatest((SELECT coalesce(max(message_id), 0) FROM messages),
                                    (SELECT coalesce(max(message_id), 0) FROM webhook_watermarks))
                    """, logger: logger
                )
                .decode(Int64.self).first { _ in true } ?? 0
            let storage = PostgresStorage(
                url: url, schemaVersion: schemaVersion, client: client, clientTask: clientTask,
                link: PostgresWriterLink(url: url, connectTimeout: connectTimeout, logger: logger),
                leaseTimeout: connectTimeout,
                idGenerator: MessageIDGenerator(nodeID: nodeID, floor: maxMessageID), logger: logger)
            logger.info(
                "PostgreSQL storage open",
                metadata: ["url": "\(url.masked)", "schema": "\(schemaVersion)", "maxMessageID": "\(maxMessageID)"])
            return storage
        } catch {
            clientTask.cancel()
            let reason =
                error is DeadlineExceeded
                ? "no answer within \(connectTimeout)"
                : PostgresErrors.storageError(error, while: "connecting and migrating").message
            throw StorageError(
                .unavailable, "cannot use the PostgreSQL server at \(url.host):\(url.port) (\(url.masked)): \(reason)")
        }
    }

    private init(
        url: PostgresURL, schemaVersion: String, client: PostgresClient, clientTask: Task<Void, Never>,
        link: PostgresWriterLink, leaseTimeout: Duration, idGenerator: MessageIDGenerator, logger: Logger
    ) {
        self.leaseTimeout = leaseTimeout
        self.url = url
        self.location = url.masked
        self.schemaVersion = schemaVersion
        self.client = client
        self.clientTask = clientTask
        self.idGenerator = idGenerator
        self.logger = logger
        let writer = PostgresAppendWriter(link: link, idGenerator: idGenerator, logger: logger)
        self.writer = writer
        self.writerTask = Task { await writer.run() }
    }

    /// What the group-commit writer has done since the store was opened.
    package var statistics: GroupCommitStatistics {
        writer.statistics.snapshot
    }

    /// Commits every queued append, then closes the pool. Appends after this fail with `.closed`.
    package func close() async {
        writer.close()
        await writerTask.value
        clientTask.cancel()
        await clientTask.value
    }

    /// Runs `body` with a pooled connection, mapping failures to ``StorageError``.
    func read<T: Sendable>(
        _ operation: @autoclosure () -> String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StorageError) -> T {
        guard !writer.isClosed else {
            throw StorageError(.closed, "\(operation()) failed: the PostgreSQL store is closed")
        }
        do {
            return try await withPooledConnection(body)
        } catch {
            throw PostgresErrors.storageError(error, while: operation())
        }
    }

    /// Runs `body` in one transaction on a pooled connection, retried (at most three times) when
    /// PostgreSQL aborts it as a deadlock victim or a serialization failure, mapping failures to
    /// ``StorageError``.
    func write<T: Sendable>(
        _ operation: @autoclosure () -> String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StorageError) -> T {
        guard !writer.isClosed else {
            throw StorageError(.closed, "\(operation()) failed: the PostgreSQL store is closed")
        }
        let logger = self.logger
        var attempt = 1
        while true {
            do {
                return try await withPooledConnection { connection in
                    try await connection.withTransaction(logger: logger) { try await body($0) }
                }
            } catch {
                guard attempt < 3, PostgresErrors.isTransient(error) else {
                    throw PostgresErrors.storageError(error, while: operation())
                }
                attempt += 1
            }
        }
    }

    /// Runs `body` with a connection from the pool, failing with `.unavailable` when none is
    /// handed out within the connect timeout. (The pool itself keeps a request waiting while it
    /// retries an unreachable server, for up to a minute.) Once `body` runs, it is not bounded.
    private func withPooledConnection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let leased = LeaseFlag()
        let client = self.client
        let limit = leaseTimeout
        let location = self.location
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    leased.set()
                    return try await body(connection)
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                guard leased.isSet else {
                    throw StorageError(.unavailable, "no connection to \(location) within \(limit)")
                }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw StorageError(.ioFailure, "a pooled operation ended without a result")
        }
    }
}

/// Whether a pooled operation got its connection.
private final class LeaseFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
