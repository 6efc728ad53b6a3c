import Foundation

/// A loopback TCP port that was free a moment ago (bound to port 0, then closed): for programs
/// that cannot bind port 0 and report it, like `pg_ctl` and chromedriver.
package enum FreePort {
    /// Why no port could be found.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package static func take() throws(Failure) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "cannot find a free port: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
