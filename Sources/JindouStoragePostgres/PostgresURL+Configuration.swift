import NIOCore
import NIOSSL
import PostgresNIO

extension PostgresURL {
    /// The pool configuration for this URL: its address, credentials and TLS mode, at most
    /// `maximumConnections` (2 at least) and `connectTimeout` per connection attempt.
    package func clientConfiguration(maximumConnections: Int, connectTimeout: Duration) -> PostgresClient.Configuration
    {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = max(2, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        return configuration
    }

    /// The configuration of a single connection (outside a pool) for this URL.
    func connectionConfiguration(connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .nanoseconds(
            connectTimeout.components.seconds * 1_000_000_000 + connectTimeout.components.attoseconds / 1_000_000_000)
        return configuration
    }
}
