import GRDB
import JindouStoragePostgres
import Logging

/// Copies an embedded (SQLite) install into a PostgreSQL database, then verifies the copy.
///
/// The source is opened read-only and must be at the latest schema. The target gets Jindou's
/// PostgreSQL schema and must be empty, unless resuming: then every table but the message log is
/// copied again skipping the rows it has, and the messages continue after the largest message id
/// it has (messages are copied in id order, each batch one transaction, so the target always
/// holds a prefix of them). Ids, seqs and flags are kept; identity sequences are moved past the
/// copied ids, and each channel's `last_seq` is its last seq in the source: its largest copied
/// seq, or its seq floor if a purge deleted its newest messages.
package struct StoreMigration: Sendable {
    package struct Options: Sendable {
        /// Continue an interrupted copy into a non-empty target.
        package var resume: Bool
        /// Rows per batch (one statement, one transaction).
        package var batchSize: Int
        /// How long to wait for the first connection to the target.
        package var connectTimeout: Duration

        package init(resume: Bool = false, batchSize: Int = 5_000, connectTimeout: Duration = .seconds(10)) {
            self.resume = resume
            self.batchSize = batchSize
            self.connectTimeout = connectTimeout
        }
    }

    /// The data directory (or database file) to copy.
    package let source: String
    package let target: PostgresURL
    package let options: Options
    package let logger: Logger

    package init(source: String, target: PostgresURL, options: Options = .init(), logger: Logger) {
        self.source = source
        self.target = target
        self.options = options
        self.logger = logger
    }

    /// The data directory of a `sqlite:DATA_DIR` source argument.
    package static func dataDirectory(of argument: String) throws(MigrationError) -> String {
        guard argument.hasPrefix("sqlite:") else { throw .badSource(argument) }
        var path = String(argument.dropFirst("sqlite:".count))
        if path.hasPrefix("//") { path.removeFirst(2) }
        guard !path.isEmpty else { throw .badSource(argument) }
        return path
    }

    /// Runs the copy and the verification; `progress` is called after every batch.
    /// - Throws: ``MigrationError``; `.verificationFailed` names the first difference.
    package func run(
        progress: @escaping @Sendable (MigrationProgress) -> Void = { _ in }
    ) async throws(MigrationError) -> MigrationReport {
        let sourceDatabase = try SourceDatabase.open(source)
        defer { sourceDatabase.close() }
        let targetDatabase = TargetDatabase(url: target, connectTimeout: options.connectTimeout, logger: logger)
        let result = await capture { () async throws(MigrationError) in
            try await run(from: sourceDatabase, to: targetDatabase, progress: progress)
        }
        await targetDatabase.close()
        return try result.get()
    }

    private func run(
        from source: SourceDatabase, to target: TargetDatabase,
        progress: @escaping @Sendable (MigrationProgress) -> Void
    ) async throws(MigrationError) -> MigrationReport {
        let tables = CopiedTable.all
        _ = try await target.migrate()
        if let table = try await target.firstNonEmptyTable(tables), !options.resume {
            throw .targetNotEmpty(url: target.location, table: table)
        }
        let resumeAfter = options.resume ? try await target.maxMessageID() : 0
        var totals: [Int] = []
        for table in tables {
            totals.append(try await source.count(table, after: resumeAfter))
        }

        let clock = ContinuousClock()
        let start = clock.now
        var state = MigrationProgress(
            phase: .copying(table: tables[0].name), rowsDone: 0, rowsTotal: totals.reduce(0, +), messagesDone: 0,
            batches: 0, elapsed: .zero)
        var copied: [(name: String, rows: Int)] = []
        for table in tables {
            state.phase = .copying(table: table.name)
            let before = state.rowsDone
            let startKey: [DatabaseValue]? =
                table.isMessageLog && resumeAfter > 0 ? [resumeAfter.databaseValue] : nil
            try await copy(table, from: source, to: target, after: startKey, state: &state) {
                var update = $0
                update.elapsed = start.duration(to: clock.now)
                progress(update)
            }
            copied.append((table.name, state.rowsDone - before))
        }
        for table in tables {
            guard let column = table.keptIdentity else { continue }
            let highWater = try await source.autoincrementHighWater(of: table.name)
            try await target.moveSequence(of: table.name, column: column, atLeast: highWater)
        }
        try await target.moveSequence(of: "channels", column: "id", atLeast: 0)
        let copyTime = start.duration(to: clock.now)

        state.phase = .verifying
        state.elapsed = copyTime
        progress(state)
        let verified = try await Verifier(source: source, target: target, logger: logger).run(tables: tables)
        return MigrationReport(
            source: source.path, target: target.location, tables: copied, messages: state.messagesDone,
            resumedAfterMessageID: resumeAfter, verified: verified, copyTime: copyTime,
            verifyTime: start.duration(to: clock.now) - copyTime)
    }

    /// Copies one table in batches, reading the next batch while the current one is written.
    private func copy(
        _ table: CopiedTable, from source: SourceDatabase, to target: TargetDatabase, after startKey: [DatabaseValue]?,
        state: inout MigrationProgress, progress: (MigrationProgress) -> Void
    ) async throws(MigrationError) {
        let limit = max(1, options.batchSize)
        var next = try await source.batch(of: table, after: startKey, limit: limit)
        while !next.isEmpty {
            if Task.isCancelled { throw .cancelled }
            let current = next
            let isLast = current.count < limit
            async let prefetch = capture { () async throws(MigrationError) in
                isLast
                    ? RowBatch(table: table) : try await source.batch(of: table, after: current.lastKey, limit: limit)
            }
            try await target.insert(current)
            state.rowsDone += current.count
            state.batches += 1
            if table.isMessageLog { state.messagesDone += current.count }
            progress(state)
            next = try await prefetch.get()
        }
    }
}
