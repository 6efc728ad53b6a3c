import ArgumentParser
import JindouCore

/// `HOST:PORT` on the command line (`[::1]:5100` for IPv6): a server to connect to, so port 0
/// is refused.
extension HostPort: ExpressibleByArgument {
    package init?(argument: String) {
        guard let address = HostPort(parsing: argument), address.port != 0 else { return nil }
        self = address
    }
}
