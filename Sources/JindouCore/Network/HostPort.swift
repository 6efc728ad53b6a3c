/// An address written `HOST:PORT`, `:PORT` (all interfaces) or `[IPV6]:PORT`: where the server
/// listens, or where a client connects.
package struct HostPort: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses an address (surrounding spaces ignored); nil if it is not of a supported form or the
    /// port is out of range.
    package init?(parsing text: String) {
        var value = Substring(text)
        while value.first == " " { value.removeFirst() }
        while value.last == " " { value.removeLast() }
        let hostPart: Substring
        let portPart: Substring
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            hostPart = value[value.index(after: value.startIndex)..<close]
            let rest = value[value.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portPart = rest.dropFirst()
        } else {
            guard let colon = value.lastIndex(of: ":") else { return nil }
            hostPart = value[..<colon]
            portPart = value[value.index(after: colon)...]
            if hostPart.contains(":") { return nil }
        }
        guard let port = Int(portPart), (0...65535).contains(port) else { return nil }
        self.host = hostPart.isEmpty ? "0.0.0.0" : String(hostPart)
        self.port = port
    }

    package var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Whether the address accepts connections from this machine only.
    package var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
