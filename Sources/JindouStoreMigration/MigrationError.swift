import PostgresNIO

/// Why `jindou migrate` refused to start or stopped. Every message is safe to print: store URLs
/// appear only masked.
package enum MigrationError: Error, CustomStringConvertible, Sendable {
    /// The source argument is not `sqlite:DATA_DIR`.
    case badSource(String)
    /// The data directory holds no database file.
    case sourceMissing(path: String)
    /// The file is not a SQLite database made by Jindou.
    case notJindouDatabase(path: String, reason: String)
    /// The source was last opened by an older Jindou: its schema lacks migrations this build has.
    case sourceSchemaOutdated(path: String, applied: String, latest: String)
    /// The source was migrated by a newer Jindou than this build.
    case sourceSchemaNewer(path: String, unknown: [String])
    /// Reading the source failed.
    case sourceRead(path: String, operation: String, underlying: String)
    /// The target URL cannot be used.
    case badTarget(String)
    /// The target could not be reached, migrated, read or written.
    case target(url: String, operation: String, underlying: String)
    /// The target already holds rows and `--resume` was not given.
    case targetNotEmpty(url: String, table: String)
    /// A source value does not fit the target's column type.
    case valueOutOfRange(table: String, column: String, value: Int64)
    /// A source value cannot be converted (an audit entry's uids that are not a JSON array of strings).
    case malformedValue(table: String, column: String, key: String)
    /// The copy was interrupted (its task was cancelled).
    case cancelled
    /// The copy finished but the target differs from the source.
    case verificationFailed(VerificationMismatch)

    package var description: String {
        switch self {
        case .badSource(let text):
            return "the source \(text) is not sqlite:DATA_DIR (the data directory of an embedded install)"
        case .sourceMissing(let path):
            return "there is no database at \(path): --from must name a Jindou data directory"
        case .notJindouDatabase(let path, let reason):
            return "\(path) is not a Jindou database (\(reason))"
        case .sourceSchemaOutdated(let path, let applied, let latest):
            return
                "\(path) has schema \(applied) but this jindou copies only the latest, \(latest): "
                + "start `jindou serve` on it once (with this version) to upgrade it, stop it, then migrate"
        case .sourceSchemaNewer(let path, let unknown):
            return
                "\(path) was migrated by a newer jindou (unknown migrations: \(unknown.joined(separator: ", "))): "
                + "migrate it with that version"
        case .sourceRead(let path, let operation, let underlying):
            return "reading \(path) failed while \(operation): \(underlying)"
        case .badTarget(let reason):
            return "the target \(reason)"
        case .target(let url, let operation, let underlying):
            return "the target \(url) failed while \(operation): \(underlying)"
        case .targetNotEmpty(let url, let table):
            return
                "the target \(url) is not empty (table \(table) has rows): migrate into an empty database, "
                + "or pass --resume to continue an interrupted copy into it"
        case .valueOutOfRange(let table, let column, let value):
            return "\(table).\(column) holds \(value), which does not fit the PostgreSQL column"
        case .malformedValue(let table, let column, let key):
            return "\(table).\(column) of the row \(key) cannot be converted"
        case .cancelled:
            return "the copy was interrupted: rerun with --resume to continue it"
        case .verificationFailed(let mismatch):
            return "verification failed: \(mismatch)"
        }
    }
}

/// A readable description of a database error (postgres-nio hides its details from `description`
/// to avoid leaking them to end users; this keeps the server's message, not the query's values).
func describe(_ error: any Error) -> String {
    if let error = error as? PSQLError {
        var parts = ["\(error.code)"]
        if let message = error.serverInfo?[.message] { parts.append(message) }
        if let detail = error.serverInfo?[.detail] { parts.append(detail) }
        if let state = error.serverInfo?[.sqlState] { parts.append("SQLSTATE \(state)") }
        if let underlying = error.underlying { parts.append(describe(underlying)) }
        return parts.joined(separator: ": ")
    }
    return "\(error)"
}
