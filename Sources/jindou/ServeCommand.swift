import ArgumentParser
import Foundation
import JindouServer
import Logging

/// `jindou serve`: runs the server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server.",
        discussion: """
            Every option can also be set with an environment variable (JINDOU_DATA_DIR, JINDOU_HTTP_ADDR, …) \
            or a key in a JSON config file (data_dir, http_addr, …). Flags override the environment, which \
            overrides the file. Unknown keys and bad values are errors.
            """)

    @Option(help: "A JSON config file of settings.")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Directory of the embedded database (default ./data).")
    var dataDir: String?

    @Option(name: .customLong("http-addr"), help: "HOST:PORT of the HTTP API (default 0.0.0.0:5001).")
    var httpAddr: String?

    @Option(name: .customLong("tcp-addr"), help: "HOST:PORT of the TCP gateway (default 0.0.0.0:5100).")
    var tcpAddr: String?

    @Option(name: .customLong("ws-addr"), help: "HOST:PORT of the WebSocket gateway (default 0.0.0.0:5200).")
    var wsAddr: String?

    @Option(name: .customLong("node-id"), help: "Node id, 0-1023 (default 1).")
    var nodeID: String?

    @Option(name: .customLong("recv-retry-interval"), help: "Seconds before an unacknowledged RECV is resent (default 60).")
    var recvRetryInterval: String?

    @Option(name: .customLong("user-send-rate"), help: "Messages per second one user may send; 0 = no limit (default 50).")
    var userSendRate: String?

    @Option(name: .customLong("user-send-burst"), help: "Messages a user may send at once (default 100).")
    var userSendBurst: String?

    @Flag(name: .customLong("insecure-open-api"), help: "Allow an API without tokens on a non-loopback address.")
    var insecureOpenAPI = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["data_dir"] = dataDir
        flags["http_addr"] = httpAddr
        flags["tcp_addr"] = tcpAddr
        flags["ws_addr"] = wsAddr
        flags["node_id"] = nodeID
        flags["recv_retry_interval"] = recvRetryInterval
        flags["user_send_rate"] = userSendRate
        flags["user_send_burst"] = userSendBurst
        flags["log_level"] = logLevel
        if insecureOpenAPI { flags["insecure_open_api"] = "true" }
        let configuration: ServerConfiguration
        do {
            configuration = try ConfigurationLoader.load(
                file: config, environment: ProcessInfo.processInfo.environment, flags: flags)
            try configuration.validate()
        } catch {
            FileHandle.standardError.write(Data("jindou: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "jindou")
        let server = JindouServer(configuration: configuration, logger: logger)
        do {
            try await server.run { addresses in
                // Written unbuffered, so a script reading the pipe sees it at once.
                FileHandle.standardOutput.write(Data((addresses.readyLine + "\n").utf8))
            }
        } catch {
            logger.critical("jindou failed: \(error)")
            throw ExitCode(1)
        }
    }
}
