import ArgumentParser
import JindouCore

/// Options shared by every scenario.
struct BenchOptions: ParsableArguments {
    @Option(help: "Management HTTP API address.")
    var http = HostPort(host: "127.0.0.1", port: 5001)

    @Option(help: "WKProto TCP address.")
    var tcp = HostPort(host: "127.0.0.1", port: 5100)

    @Option(help: "WKProto WebSocket address (used with --transport ws).")
    var ws = HostPort(host: "127.0.0.1", port: 5200)

    @Option(
        name: .customLong("receiver-tcp"),
        help: ArgumentHelp(
            "Repeatable: receivers connect to these TCP addresses, round robin (other nodes of a cluster); "
                + "senders stay on --tcp. Default: --tcp."))
    var receiverTCP: [HostPort] = []

    @Option(
        name: .customLong("receiver-ws"),
        help: "Repeatable: receivers' WebSocket addresses with --transport ws, as --receiver-tcp.")
    var receiverWS: [HostPort] = []

    @Option(help: "WebSocket path.")
    var wsPath = "/"

    @Option(help: "Transport for the message connections: tcp or ws.")
    var transport: TransportChoice = .tcp

    @Option(help: "Target total SEND rate in messages per second (open loop). Default: 1000 for pairs, 50 for group.")
    var rate: Double?

    @Option(help: "Measured seconds (after the warm-up).")
    var duration: Double = 30

    @Option(help: "Warm-up seconds: sent at the same rate, not measured.")
    var warmup: Double = 5

    @Option(help: "Longest wait, in seconds, after the last send for outstanding SENDACKs and RECVs.")
    var drain: Double = 10

    @Option(help: "Payload size in bytes (JSON text before encryption).")
    var payloadSize: Int = 256

    @Option(help: "Event loop threads (default: number of cores).")
    var threads: Int?

    @Option(help: "Protocol version sent in CONNECT.")
    var protocolVersion: UInt8 = 5

    @Option(help: "Prefix of every uid and channel id (default: random per run).")
    var uidPrefix: String?

    @Option(help: "Connections opened concurrently during setup.")
    var connectConcurrency: Int = 100

    @Option(help: "HTTP connections used concurrently during setup.")
    var httpConcurrency: Int = 8

    @Option(help: "Seconds between PINGs on every connection (0 disables).")
    var heartbeat: Double = 60

    @Option(help: "Seconds a send waits for its SENDACK before counting as an error (0: until the end).")
    var sendTimeout: Double = 0

    @Flag(help: "Skip the HTTP setup (tokens, groups); for servers with token auth off, pairs only.")
    var noHTTP = false

    @Option(help: "Repeatable: server process ids; report their summed CPU and RSS over the measured window (Linux).")
    var serverPID: [Int32] = []

    @Option(help: "Write the report as JSON to this file.")
    var json: String?

    @Flag(help: "Print no progress lines.")
    var quiet = false

    mutating func validate() throws {
        guard self.duration > 0 else { throw ValidationError("--duration must be positive") }
        guard self.warmup >= 0, self.drain >= 0 else {
            throw ValidationError("--warmup and --drain must not be negative")
        }
        if let rate = self.rate { guard rate > 0 else { throw ValidationError("--rate must be positive") } }
        guard self.payloadSize > 0, self.payloadSize <= 32_000 else {
            throw ValidationError("--payload-size must be in 1...32000")
        }
        if let threads = self.threads { guard threads > 0 else { throw ValidationError("--threads must be positive") } }
        guard self.connectConcurrency > 0, self.httpConcurrency > 0 else {
            throw ValidationError("concurrency options must be positive")
        }
    }
}

/// `--transport` values.
enum TransportChoice: String, ExpressibleByArgument, Sendable, CaseIterable {
    case tcp
    case ws
}
