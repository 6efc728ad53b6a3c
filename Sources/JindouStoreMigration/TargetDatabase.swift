import JindouStoragePostgres
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL database being filled, through a small pool of connections.
final class TargetDatabase: Sendable {
    /// The URL with its password masked: the only form that appears in messages.
    let location: String
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    private let connectTimeout: Duration

    /// Starts a client for `url` (connections are opened by the first query).
    init(url: PostgresURL, connections: Int = 4, connectTimeout: Duration = .seconds(10), logger: Logger) {
        let client = PostgresClient(
            configuration: url.clientConfiguration(maximumConnections: connections, connectTimeout: connectTimeout),
            backgroundLogger: logger)
        self.location = url.masked
        self.client = client
        self.logger = logger
        self.connectTimeout = connectTimeout
        self.runTask = Task { await client.run() }
    }

    /// Closes the pool.
    func close() async {
        runTask.cancel()
        await runTask.value
    }

    /// Runs `body` on a pooled connection, mapping failures to ``MigrationError``.
    func withConnection<T: Sendable>(
        _ operation: String, _ body: (PostgresConnection) async throws -> T
    ) async throws(MigrationError) -> T {
        do {
            return try await client.withConnection { try await body($0) }
        } catch let error as MigrationError {
            throw error
        } catch {
            if Task.isCancelled || error is CancellationError { throw .cancelled }
            throw .target(url: location, operation: operation, underlying: describe(error))
        }
    }

    /// Creates or completes Jindou's schema; returns the last migration. Fails after the connect
    /// timeout if no connection can be made (the pool alone would keep retrying for a minute).
    func migrate() async throws(MigrationError) -> String {
        let client = self.client
        let logger = self.logger
        let limit = connectTimeout
        do {
            return try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await PostgresMigrations.migrate(client, logger: logger) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let applied = first else {
                    throw MigrationError.target(
                        url: location, operation: "connecting",
                        underlying: "no connection within \(limit) (is the server up and reachable?)")
                }
                return applied
            }
        } catch let error as MigrationError {
            throw error
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .target(url: location, operation: "creating the schema", underlying: describe(error))
        }
    }

    /// The first of `tables` that has a row, nil if all are empty.
    func firstNonEmptyTable(_ tables: [CopiedTable]) async throws(MigrationError) -> String? {
        try await withConnection("checking that it is empty") { connection in
            for table in tables {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \"\(table.name)\")"), logger: logger)
                for try await exists in rows.decode(Bool.self) where exists {
                    return table.name
                }
            }
            return nil
        }
    }

    /// The number of rows of a table.
    func count(_ table: String) async throws(MigrationError) -> Int {
        try await withConnection("counting the rows of \(table)") { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \"\(table)\""), logger: logger)
            return try await rows.decode(Int64.self).first { _ in true }.map(Int.init) ?? 0
        }
    }

    /// The largest message id copied so far, 0 if none.
    func maxMessageID() async throws(MigrationError) -> Int64 {
        try await withConnection("reading the largest message id") { connection in
            try await connection.query("SELECT coalesce(max(message_id), 0) FROM messages", logger: logger)
                .decode(Int64.self).first { _ in true } ?? 0
        }
    }

    /// Inserts a batch in one statement (one transaction).
    func insert(_ batch: RowBatch) async throws(MigrationError) {
        guard !batch.isEmpty else { return }
        let query = BatchInsert.query(for: batch)
        try await withConnection("inserting \(batch.count) rows into \(batch.table.name)") { connection in
            _ = try await connection.query(query, logger: logger)
        }
    }

    /// Moves the sequence behind `table.column` so that the next id is above both the largest
    /// copied id and `atLeast` (the source's high-water mark, deleted rows included).
    func moveSequence(of table: String, column: String, atLeast: Int64) async throws(MigrationError) {
        try await withConnection("moving the id sequence of \(table)") { connection in
            let largest =
                try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT coalesce(max(\"\(column)\"), 0) FROM \"\(table)\""),
                    logger: logger
                ).decode(Int64.self).first { _ in true } ?? 0
            let next = max(largest, atLeast)
            guard next > 0 else { return }
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence(\(table), \(column)), \(next), true)", logger: logger)
        }
    }

    /// Each channel's `last_seq`, by channel row id.
    func channelLastSeqs() async throws(MigrationError) -> [Int64: Int64] {
        try await withConnection("reading the channels' last seqs") { connection in
            var lastSeqs: [Int64: Int64] = [:]
            let rows = try await connection.query("SELECT id, last_seq FROM channels", logger: logger)
            for try await (id, lastSeq) in rows.decode((Int64, Int64).self) {
                lastSeqs[id] = lastSeq
            }
            return lastSeqs
        }
    }
}
