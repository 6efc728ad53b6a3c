import ArgumentParser
import Foundation
import JindouStoragePostgres
import JindouStoreMigration
import Logging

/// `jindou migrate`: copies an embedded (SQLite) install into an empty PostgreSQL database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy an embedded (SQLite) install into an empty PostgreSQL database, then verify the copy.",
        discussion: """
            Stop the server first: the source is opened read-only and must not change during the copy. \
            Its schema must be the latest this version knows (start `jindou serve` on it once to upgrade it). \
            The target gets Jindou's schema and must be empty; an interrupted copy is continued with --resume. \
            Message ids, seqs, channel ids and flags are kept. At the end, row counts per table and, per channel, \
            the message count, last seq and a checksum of the messages are compared.

            Exit status: 0 when the copy is verified, 1 when it failed, 2 when it was refused \
            (bad arguments, source or non-empty target), 3 when the verification found a difference.
            """)

    @Option(help: ArgumentHelp("The embedded install to copy.", valueName: "sqlite:DATA_DIR"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to fill.", valueName: "postgres://user:password@host:port/db"))
    var to: String

    @Flag(help: "Continue an interrupted copy into a non-empty target.")
    var resume = false

    @Option(help: "Rows per batch (one statement and one transaction each).")
    var batchSize = 5_000

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let migration: StoreMigration
        do {
            let directory = try StoreMigration.dataDirectory(of: from)
            let url: PostgresURL
            do {
                url = try PostgresURL(parsing: to)
            } catch {
                throw MigrationError.badTarget("URL \(error)")
            }
            guard batchSize > 0 else { throw MigrationError.badTarget("batch size must be positive") }
            migration = StoreMigration(
                source: directory, target: url, options: .init(resume: resume, batchSize: batchSize),
                logger: Logger(label: "jindou.migrate"))
            Self.say("migrating \(from) to \(url.masked)\(resume ? " (resuming)" : "")")
        } catch {
            Self.say("jindou migrate: \(error)")
            throw ExitCode(2)
        }

        let display = ProgressDisplay.standardError()
        do throws(MigrationError) {
            let report = try await migration.run { display.update($0) }
            display.finish()
            print(report.summary)
        } catch {
            display.finish()
            Self.say("jindou migrate: \(error)")
            switch error {
            case .verificationFailed: throw ExitCode(3)
            case .badSource, .sourceMissing, .notJindouDatabase, .sourceSchemaOutdated, .sourceSchemaNewer,
                .badTarget, .targetNotEmpty:
                throw ExitCode(2)
            default: throw ExitCode(1)
            }
        }
    }

    private static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
