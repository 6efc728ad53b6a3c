import JindouCore
import JindouStorage
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The storage backend on a PostgreSQL server (postgres-nio's `PostgresClient` and its pool).
///
/// Appends are group-committed by ``PostgresAppendWriter``: one transaction per batch, the
/// touched channels' counter rows locked in a fixed order, one multi-row insert, completions after
/// COMMIT returns.
///
/// Not yet selectable with `--store`: it implements the message log (``MessageStore``); the other
/// storage protocols follow.
package final class PostgresStorage: MessageStore, Sendable {
    /// The store URL with its password masked.
    package let location: String
    /// The identifier of the last applied migration.
    package let schemaVersion: String
    let client: PostgresClient
    let logger: Logger
    let idGenerator: MessageIDGenerator
    let writer: PostgresAppendWriter
    private let clientTask: Task<Void, Never>
    private let writerTask: Task<Void, Never>

    /// Connects, migrates and starts the writer.
    /// - Throws: `.unavailable` naming the host when the server cannot be reached or migrated.
    package static func open(
        url: PostgresURL, nodeID: Int64, poolSize: Int = 10, connectTimeout: Duration = .seconds(10),
        logger: Logger
    ) async throws(StorageError) -> PostgresStorage {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls(url.tls))
        configuration.options.maximumConnections = max(2, poolSize)
        configuration.options.connectTimeout = connectTimeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        do {
            let schemaVersion = try await PostgresMigrations.migrate(client, logger: logger)
            let maxMessageID =
                try await client.query("SELECT coalesce(max(message_id), 0) FROM messages", logger: logger)
                .decode(Int64.self).first { _ in true } ?? 0
            let storage = PostgresStorage(
                url: url, schemaVersion: schemaVersion, client: client, clientTask: clientTask,
                idGenerator: MessageIDGenerator(nodeID: nodeID, floor: maxMessageID), logger: logger)
            logger.info(
                "PostgreSQL storage open",
                metadata: ["url": "\(url.masked)", "schema": "\(schemaVersion)", "maxMessageID": "\(maxMessageID)"])
            return storage
        } catch {
            clientTask.cancel()
            throw StorageError(
                .unavailable, "cannot use the PostgreSQL server at \(url.host):\(url.port) (\(url.masked))",
                underlying: error)
        }
    }

    private init(
        url: PostgresURL, schemaVersion: String, client: PostgresClient, clientTask: Task<Void, Never>,
        idGenerator: MessageIDGenerator, logger: Logger
    ) {
        self.location = url.masked
        self.schemaVersion = schemaVersion
        self.client = client
        self.clientTask = clientTask
        self.idGenerator = idGenerator
        self.logger = logger
        let writer = PostgresAppendWriter(client: client, idGenerator: idGenerator, logger: logger)
        self.writer = writer
        self.writerTask = Task { await writer.run() }
    }

    private static func tls(_ mode: PostgresURL.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
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
        _ operation: @autoclosure () -> String, _ body: (PostgresConnection) async throws -> T
    ) async throws(StorageError) -> T {
        guard !writer.isClosed else {
            throw StorageError(.closed, "\(operation()) failed: the PostgreSQL store is closed")
        }
        do {
            return try await client.withConnection { try await body($0) }
        } catch {
            throw StorageError(.ioFailure, operation(), underlying: error)
        }
    }
}
