import JindouCore
import NIOCore

/// The addresses the server bound, announced once it accepts traffic.
package struct ReadyAddresses: Sendable, Hashable {
    package var http: HostPort
    package var tcp: HostPort
    package var ws: HostPort

    /// `jindou ready http=HOST:PORT tcp=HOST:PORT ws=HOST:PORT`, the line scripts wait for.
    package var readyLine: String { "jindou ready http=\(http) tcp=\(tcp) ws=\(ws)" }

    /// The host and port of a bound socket address.
    static func hostPort(_ address: SocketAddress?) -> HostPort {
        HostPort(host: address?.ipAddress ?? "unknown", port: address?.port ?? 0)
    }
}
