import Foundation
import GRDB
import JindouCore
import JindouStorage
import Logging
import Synchronization

/// The embedded storage backend: one SQLite database in WAL mode, opened with GRDB.
///
/// Appends are group-committed by a dedicated writer thread (see `GroupCommitWriter`): every
/// append queued while a commit is in progress goes into the next transaction, which is synced
/// once (with ``SyncMode/full``, the default, a completed append is on disk). Reads use the
/// pool's concurrent read connections and see every completed append.
package final class SQLiteStorage: Storage {
    /// The name of the database file inside the data directory.
    package static let fileName = "jindou.sqlite"

    /// The path of the database file.
    package let location: String
    /// The identifier of the last applied migration.
    package let schemaVersion: String
    /// The settings the store was opened with.
    package let configuration: Configuration

    let pool: DatabasePool
    let logger: Logger
    /// Numbers stored messages (on the writer thread) and NoPersist ones (``nextMessageID()``).
    let idGenerator: MessageIDGenerator
    /// Advanced by deletions so the writer drops cached channel cursors.
    let channelCacheEpoch = ChannelCacheEpoch()
    let writer: GroupCommitWriter
    /// Set at the start of ``close()``; checked before every operation.
    private let closed = Atomic<Bool>(false)

    /// Opens (creating it if needed) the database in `directory` and migrates it.
    ///
    /// - Parameters:
    ///   - directory: the data directory; created with its parents if missing.
    ///   - nodeID: the snowflake node id of the message ids, 0...1023.
    ///   - logger: receives open, migration and commit-failure events.
    ///   - configuration: batch size, sync mode and caches.
    /// - Throws: `.unavailable` if the directory or database cannot be opened or migrated,
    ///   `.corrupt` if the file is not a database or was migrated by a newer version.
    package init(
        directory: String, nodeID: Int64, logger: Logger, configuration: Configuration = .init()
    ) throws(StorageError) {
        guard (0...MessageIDGenerator.maxNodeID).contains(nodeID) else {
            throw StorageError(.unavailable, "node id \(nodeID) is outside 0...\(MessageIDGenerator.maxNodeID)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.unavailable, "cannot create the data directory \(directory)", underlying: error)
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        let pool = try Self.openPool(path: path, configuration: configuration)
        let schemaVersion = try Self.migrate(pool, path: path, logger: logger)
        let maxMessageID: Int64
        do {
            // Also above every webhook watermark: after the newest messages were deleted (and the
            // clock stepped back), a new id at or below a watermark would never be sent.
            maxMessageID = try pool.read { db in
                max(
                    try Int64.fetchOne(db, sql: MessageRows.selectMaxMessageID) ?? 0,
                    try Int64.fetchOne(db, sql: WebhookRows.selectMaxWatermark) ?? 0)
            }
        } catch {
            throw StorageError.from(
                error, while: "reading the largest message id in \(path)", defaultCode: .unavailable)
        }

        self.location = path
        self.schemaVersion = schemaVersion
        self.configuration = configuration
        self.pool = pool
        self.logger = logger
        let idGenerator = MessageIDGenerator(nodeID: nodeID, floor: maxMessageID)
        self.idGenerator = idGenerator
        self.writer = GroupCommitWriter(
            pool: pool,
            idGenerator: idGenerator,
            channelCacheEpoch: channelCacheEpoch,
            configuration: configuration,
            logger: logger,
            shutdown: { [logger] in
                do {
                    try pool.close()
                } catch {
                    logger.warning("closing the SQLite database failed", metadata: ["error": "\(error)"])
                }
            }
        )
        logger.info(
            "SQLite storage open",
            metadata: [
                "path": "\(path)", "schema": "\(schemaVersion)", "sync": "\(configuration.syncMode.rawValue)",
                "maxMessageID": "\(maxMessageID)",
            ])
    }

    deinit {
        writer.requestClose()
    }

    /// Flushes every queued append, then closes the database. Every operation after this
    /// (appends included) fails with `.closed`. Safe to call more than once.
    package func close() async {
        closed.store(true, ordering: .releasing)
        await writer.close()
    }

    /// The writer's counters (the same for every backend).
    package typealias Statistics = GroupCommitStatistics

    /// What the group-commit writer has done since the store was opened.
    package var statistics: Statistics {
        var statistics = writer.statistics.snapshot
        (statistics.queuedAppends, statistics.queuedPriorityAppends, statistics.committingAppends) =
            writer.queueDepth
        return statistics
    }

    /// The identifiers of the migrations recorded in the database, in the order they apply.
    package func appliedMigrations() async throws(StorageError) -> [String] {
        try await read("reading the applied migrations") { db in
            try Migrations.migrator.appliedMigrations(db)
        }
    }

    /// The identifiers of every migration this version knows, in order; the last one is the
    /// ``schemaVersion`` of a fully migrated database.
    package static var knownMigrations: [String] { Migrations.identifiers }

    // MARK: - Appends

    /// Queues an append for the group-commit writer, or fails it at once if the store is closed.
    func enqueue(_ append: PendingAppend) {
        guard !closed.load(ordering: .acquiring), writer.submit(append) else {
            append.completion(.failure(.closedStore("appending to \(append.request.channel)")))
            return
        }
    }

    // MARK: - Database access helpers

    /// Runs `body` on a read connection, mapping errors to ``StorageError``.
    func read<T: Sendable>(
        _ operation: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        guard !closed.load(ordering: .acquiring) else { throw .closedStore(operation()) }
        do {
            return try await pool.read(body)
        } catch {
            throw mapError(error, operation())
        }
    }

    /// Runs `body` in a write transaction (serialized with the group commits), mapping errors to
    /// ``StorageError``.
    func write<T: Sendable>(
        _ operation: @autoclosure () -> String, _ body: @Sendable (Database) throws -> T
    ) async throws(StorageError) -> T {
        guard !closed.load(ordering: .acquiring) else { throw .closedStore(operation()) }
        do {
            return try await pool.write(body)
        } catch {
            throw mapError(error, operation())
        }
    }

    private func mapError(_ error: any Error, _ operation: String) -> StorageError {
        if closed.load(ordering: .acquiring) { return .closedStore(operation) }
        return .from(error, while: operation)
    }

    // MARK: - Opening

    private static func openPool(path: String, configuration: Configuration) throws(StorageError) -> DatabasePool {
        var config = GRDB.Configuration()
        config.label = "jindou"
        config.maximumReaderCount = max(1, configuration.maximumReaderCount)
        // Only this process opens the file; wait rather than fail if, say, a backup tool holds a lock.
        config.busyMode = .timeout(5)
        let writerCache = max(256, configuration.writerCacheKiB)
        let readerCache = max(256, configuration.readerCacheKiB)
        let checkpointPages = max(100, configuration.walAutoCheckpointPages)
        let walSizeLimit = max(0, configuration.walSizeLimitBytes)
        let pageSize = configuration.pageSize
        config.prepareDatabase { db in
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -\(readerCache)")
            } else {
                // Takes effect only on a new, empty database (before WAL mode is set).
                try db.execute(sql: "PRAGMA page_size = \(pageSize)")
                try db.execute(sql: "PRAGMA cache_size = -\(writerCache)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(checkpointPages)")
                try db.execute(sql: "PRAGMA journal_size_limit = \(walSizeLimit)")
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            // After DatabasePool's WAL setup, which sets synchronous = NORMAL on the writer.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(configuration.syncMode.pragmaValue)")
            }
            return pool
        } catch {
            throw StorageError.from(error, while: "opening \(path)", defaultCode: .unavailable)
        }
    }

    /// Applies the missing migrations and returns the last applied one.
    private static func migrate(_ pool: DatabasePool, path: String, logger: Logger) throws(StorageError) -> String {
        let migrator = Migrations.migrator
        do {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrator.migrations)
            if !unknown.isEmpty {
                throw StorageError(
                    .corrupt,
                    "\(path) was migrated by a newer version (unknown migrations: \(unknown.sorted().joined(separator: ", ")))"
                )
            }
            let missing = migrator.migrations.filter { !applied.contains($0) }
            if !missing.isEmpty {
                logger.info("migrating the SQLite schema", metadata: ["path": "\(path)", "migrations": "\(missing)"])
            }
            try migrator.migrate(pool)
            guard let last = try pool.read({ db in try migrator.appliedMigrations(db) }).last else {
                throw StorageError(.unavailable, "migrating \(path) applied no migration")
            }
            return last
        } catch {
            throw StorageError.from(error, while: "migrating \(path)", defaultCode: .unavailable)
        }
    }
}
