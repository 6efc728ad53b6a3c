import Foundation
import Synchronization

/// The real `jindou` executable, run as a child process (for crash tests).
final class ServerProcess: Sendable {
    let process: Process
    let addresses: (http: Int, tcp: Int, ws: Int)
    private let output: OutputBuffer
    private let errorOutput: OutputBuffer

    /// The built `jindou` binary next to the test bundle.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("jindou")
    }

    /// Starts `jindou serve` on loopback port 0 and waits for its ready line.
    /// - Parameters:
    ///   - environment: extra `JINDOU_*` settings (the test's own are not inherited).
    ///   - fileLimit: the server's open-file limit (run through util-linux's `prlimit`).
    static func start(
        dataDirectory: String, extraArguments: [String] = [], environment extra: [String: String] = [:],
        fileLimit: Int? = nil
    ) throws -> ServerProcess {
        let process = Process()
        let arguments =
            [
                "serve", "--data-dir", dataDirectory, "--http-addr", "127.0.0.1:0", "--tcp-addr", "127.0.0.1:0",
                "--ws-addr", "127.0.0.1:0", "--log-level", "warning", "--auth-timeout", "15",
            ] + extraArguments
        if let fileLimit {
            // prlimit execs the server: the process keeps its pid.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
            process.arguments = ["--nofile=\(fileLimit)", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment = environment.filter { !$0.key.hasPrefix("JINDOU_") }
        environment.merge(extra) { $1 }
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let output = OutputBuffer()
        let errorOutput = OutputBuffer()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            output.append(handle.availableData)
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            errorOutput.append(handle.availableData)
        }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = output.text
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("jindou ready ") }) {
                var ports: [String: Int] = [:]
                for field in line.split(separator: " ").dropFirst(2) {
                    let parts = field.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, let port = parts[1].split(separator: ":").last.flatMap({ Int($0) }) {
                        ports[String(parts[0])] = port
                    }
                }
                guard let http = ports["http"], let tcp = ports["tcp"], let ws = ports["ws"] else {
                    throw TestFailure("unparseable ready line: \(line)")
                }
                return ServerProcess(
                    process: process, addresses: (http, tcp, ws), output: output, errorOutput: errorOutput)
            }
            if !process.isRunning { throw TestFailure("jindou exited with \(process.terminationStatus)") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw TestFailure("jindou did not print its ready line in time")
    }

    private init(
        process: Process, addresses: (http: Int, tcp: Int, ws: Int), output: OutputBuffer, errorOutput: OutputBuffer
    ) {
        self.process = process
        self.addresses = addresses
        self.output = output
        self.errorOutput = errorOutput
    }

    /// What the server logged so far (its standard error).
    var log: String { errorOutput.text }

    var http: HTTPTestClient { HTTPTestClient(host: "127.0.0.1", port: addresses.http) }

    /// The server's user plus system CPU seconds so far (Linux: /proc/PID/stat).
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The server's resident memory now, in bytes (Linux: VmRSS of /proc/PID/status).
    var residentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return kilobytes * 1024
    }

    /// SIGKILL: no shutdown code runs.
    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait for a graceful exit.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

}

/// What a child process printed so far.
private final class OutputBuffer: Sendable {
    private let buffer = Mutex("")

    func append(_ data: Data) {
        buffer.withLock { $0 += String(decoding: data, as: UTF8.self) }
    }

    var text: String { buffer.withLock { $0 } }
}
