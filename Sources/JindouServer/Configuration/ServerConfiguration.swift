import Logging

/// Everything `jindou serve` can be told, with its defaults.
///
/// Each setting has a key used in the config file (`data_dir`), an environment variable
/// (`JINDOU_DATA_DIR`) and a command-line flag (`--data-dir`). Flags override the environment,
/// which overrides the file.
public struct ServerConfiguration: Sendable, Equatable {
    /// Where the embedded database lives.
    public var dataDirectory = "./data"
    /// The management HTTP API.
    public var httpAddress = HostPort(host: "0.0.0.0", port: 5001)
    /// Binary WKProto over TCP.
    public var tcpAddress = HostPort(host: "0.0.0.0", port: 5100)
    /// WKProto over WebSocket.
    public var wsAddress = HostPort(host: "0.0.0.0", port: 5200)
    /// This node's id (0...1023), in CONNACK and in message ids.
    public var nodeID = 1
    /// Seconds before an unacknowledged RECV is resent.
    public var recvRetryInterval = 60.0
    /// How many times an unacknowledged RECV is resent.
    public var recvRetryLimit = 5
    /// Seconds an unauthenticated connection may stay open.
    public var authTimeout = 4.0
    /// Seconds an authenticated connection may stay silent.
    public var idleTimeout = 180.0
    /// The largest packet a client may send, in bytes.
    public var maxPacketSize = 1 << 20
    /// Bytes a connection may have queued for sending before it is closed as a slow consumer.
    public var outboundBufferLimit = 8 << 20
    /// When false, person channels enforce the recipient's allowlist as a friend list.
    public var whitelistOffOfPerson = true
    /// Messages per second one user may send (all devices and the API together); 0 = no limit.
    /// System users are exempt.
    public var userSendRate = 50.0
    /// Messages a user may send in one burst.
    public var userSendBurst = 100
    /// The TCP address `/route` hands out (`host:port`); empty = the bound TCP address.
    public var externalTCPAddress = ""
    /// The WebSocket URL `/route` hands out (`ws://host:port`); empty = the bound WebSocket address.
    public var externalWSAddress = ""
    /// The secure WebSocket URL `/route` hands out (`wss://…`, a TLS front); empty = none.
    public var externalWSSAddress = ""
    /// trace, debug, info, notice, warning, error or critical.
    public var logLevel = Logger.Level.info

    public init() {}

    /// One setting: its names and how to apply a textual value.
    struct Key: Sendable {
        let name: String
        let help: String
        let apply: @Sendable (inout ServerConfiguration, String) -> String?

        var environmentName: String { "JINDOU_" + name.uppercased() }
        var flagName: String { "--" + name.replacingOccurrences(of: "_", with: "-") }
    }

    /// Every setting, in the order they are documented and logged.
    static let keys: [Key] = [
        Key(name: "data_dir", help: "directory of the embedded database") { config, value in
            guard !value.isEmpty else { return "must not be empty" }
            config.dataDirectory = value
            return nil
        },
        Key(name: "http_addr", help: "HOST:PORT of the HTTP API") { config, value in
            guard let address = HostPort(parsing: value) else { return "must be HOST:PORT with a port 0-65535" }
            config.httpAddress = address
            return nil
        },
        Key(name: "tcp_addr", help: "HOST:PORT of the TCP gateway") { config, value in
            guard let address = HostPort(parsing: value) else { return "must be HOST:PORT with a port 0-65535" }
            config.tcpAddress = address
            return nil
        },
        Key(name: "ws_addr", help: "HOST:PORT of the WebSocket gateway") { config, value in
            guard let address = HostPort(parsing: value) else { return "must be HOST:PORT with a port 0-65535" }
            config.wsAddress = address
            return nil
        },
        Key(name: "node_id", help: "node id, 0-1023") { config, value in
            guard let id = Int(value), (0...1023).contains(id) else { return "must be an integer from 0 to 1023" }
            config.nodeID = id
            return nil
        },
        Key(name: "recv_retry_interval", help: "seconds before an unacknowledged RECV is resent") { config, value in
            guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
                return "must be a number of seconds greater than 0"
            }
            config.recvRetryInterval = seconds
            return nil
        },
        Key(name: "recv_retry_limit", help: "resends of an unacknowledged RECV") { config, value in
            guard let count = Int(value), (0...100).contains(count) else { return "must be an integer from 0 to 100" }
            config.recvRetryLimit = count
            return nil
        },
        Key(name: "auth_timeout", help: "seconds an unauthenticated connection may stay open") { config, value in
            guard let seconds = Double(value), seconds > 0 else { return "must be a number of seconds greater than 0" }
            config.authTimeout = seconds
            return nil
        },
        Key(name: "idle_timeout", help: "seconds an authenticated connection may stay silent") { config, value in
            guard let seconds = Double(value), seconds > 0 else { return "must be a number of seconds greater than 0" }
            config.idleTimeout = seconds
            return nil
        },
        Key(name: "max_packet_size", help: "largest packet a client may send, bytes") { config, value in
            guard let bytes = Int(value), (1024...268_435_455).contains(bytes) else {
                return "must be an integer from 1024 to 268435455"
            }
            config.maxPacketSize = bytes
            return nil
        },
        Key(name: "outbound_buffer_limit", help: "bytes queued per connection before it is closed") { config, value in
            guard let bytes = Int(value), bytes >= 64 * 1024 else { return "must be an integer of at least 65536" }
            config.outboundBufferLimit = bytes
            return nil
        },
        Key(name: "whitelist_off_of_person", help: "true: person channels ignore the recipient's allowlist") { config, value in
            switch value.lowercased() {
            case "true", "1", "yes": config.whitelistOffOfPerson = true
            case "false", "0", "no": config.whitelistOffOfPerson = false
            default: return "must be true or false"
            }
            return nil
        },
        Key(name: "user_send_rate", help: "messages per second per user, 0 = unlimited") { config, value in
            guard let rate = Double(value), rate >= 0, rate <= 1_000_000 else {
                return "must be a number from 0 (no limit) to 1000000"
            }
            config.userSendRate = rate
            return nil
        },
        Key(name: "user_send_burst", help: "messages a user may send at once") { config, value in
            guard let burst = Int(value), (1...1_000_000).contains(burst) else {
                return "must be an integer from 1 to 1000000"
            }
            config.userSendBurst = burst
            return nil
        },
        Key(name: "external_tcp_addr", help: "HOST:PORT that /route gives clients for TCP") { config, value in
            guard value.isEmpty || HostPort(parsing: value) != nil else { return "must be HOST:PORT" }
            config.externalTCPAddress = value
            return nil
        },
        Key(name: "external_ws_addr", help: "ws://HOST:PORT that /route gives clients") { config, value in
            guard value.isEmpty || value.hasPrefix("ws://") || value.hasPrefix("wss://") else {
                return "must be a ws:// URL"
            }
            config.externalWSAddress = value
            return nil
        },
        Key(name: "external_wss_addr", help: "wss://HOST:PORT that /route gives clients") { config, value in
            guard value.isEmpty || value.hasPrefix("wss://") else { return "must be a wss:// URL" }
            config.externalWSSAddress = value
            return nil
        },
        Key(name: "log_level", help: "trace, debug, info, notice, warning, error or critical") { config, value in
            guard let level = Logger.Level(rawValue: value.lowercased()) else {
                return "must be one of trace, debug, info, notice, warning, error, critical"
            }
            config.logLevel = level
            return nil
        },
    ]

    /// The effective settings as `key=value` pairs, for the startup log.
    public var summary: [(String, String)] {
        [
            ("data_dir", dataDirectory), ("http_addr", "\(httpAddress)"), ("tcp_addr", "\(tcpAddress)"),
            ("ws_addr", "\(wsAddress)"), ("node_id", "\(nodeID)"), ("recv_retry_interval", "\(recvRetryInterval)"),
            ("recv_retry_limit", "\(recvRetryLimit)"), ("auth_timeout", "\(authTimeout)"),
            ("idle_timeout", "\(idleTimeout)"), ("max_packet_size", "\(maxPacketSize)"),
            ("outbound_buffer_limit", "\(outboundBufferLimit)"), ("whitelist_off_of_person", "\(whitelistOffOfPerson)"),
            ("user_send_rate", "\(userSendRate)"), ("user_send_burst", "\(userSendBurst)"),
            ("external_tcp_addr", externalTCPAddress), ("external_ws_addr", externalWSAddress),
            ("external_wss_addr", externalWSSAddress), ("log_level", "\(logLevel)"),
        ]
    }
}
