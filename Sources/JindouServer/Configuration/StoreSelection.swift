import JindouStoragePostgres

/// Which storage backend the server runs on (`store`).
package enum StoreSelection: Sendable, Equatable, CustomStringConvertible {
    /// The embedded SQLite database in the data directory.
    case sqlite
    /// A PostgreSQL server.
    case postgres(PostgresURL)

    /// `sqlite` or a `postgres://…` URL; the error never repeats a password.
    package static func parse(_ text: String) -> Result<StoreSelection, StoreSelectionError> {
        if text == "sqlite" { return .success(.sqlite) }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            return .failure(StoreSelectionError(description: "must be sqlite or a postgres://… URL"))
        }
        do {
            return .success(.postgres(try PostgresURL(parsing: text)))
        } catch {
            return .failure(StoreSelectionError(description: "is not a usable PostgreSQL URL: it \(error)"))
        }
    }

    /// A store setting as logs and errors may show it: the password of a URL masked, even when the
    /// URL does not parse.
    package static func masked(_ text: String) -> String {
        if case .success(let store) = parse(text) { return store.description }
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
            scheme.upperBound < at.lowerBound
        else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }

    /// `sqlite`, or the URL with its password masked.
    package var description: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres(let url): url.masked
        }
    }
}

/// A `store` setting that cannot be used.
package struct StoreSelectionError: Error, CustomStringConvertible {
    package var description: String
}
