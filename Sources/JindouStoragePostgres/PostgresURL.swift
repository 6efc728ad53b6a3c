import Foundation

/// A `postgres://user:password@host:port/database?sslmode=…` store URL.
package struct PostgresURL: Sendable, Equatable {
    /// How the connection uses TLS (`sslmode`): `disable`, `prefer` (the default) or `require`.
    package enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    /// Parses a URL; the error says what is wrong without repeating the password.
    package init(parsing text: String) throws(PostgresURLError) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql"
        else { throw PostgresURLError("must be a postgres://user:password@host:port/database URL") }
        guard let host = components.host, !host.isEmpty else { throw PostgresURLError("has no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresURLError("has no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw PostgresURLError("has no database (…/DATABASE)") }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw PostgresURLError("has a port outside 1-65535") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw PostgresURLError("has sslmode \(item.value ?? ""): use disable, prefer or require")
                }
                tls = mode
            default:
                throw PostgresURLError("has an unknown parameter \(item.name) (only sslmode is known)")
            }
        }
        self.host = host
        self.port = port
        self.user = user
        self.password = components.password
        self.database = database
        self.tls = tls
    }

    /// The URL with the password masked, for logs, errors and `/varz`.
    package var masked: String {
        let credentials = password == nil ? user : "\(user):***"
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}

/// A store URL that cannot be used.
package struct PostgresURLError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
