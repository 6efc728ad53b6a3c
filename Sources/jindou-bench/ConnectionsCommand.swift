import ArgumentParser
import Foundation
import JindouClient
import NIOCore
import NIOPosix

/// `connections`: N authenticated idle connections, and what each costs the server in memory.
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Open N authenticated idle connections and report the server's memory per connection.",
        discussion: """
            Registers N users, samples the server's RSS (--server-pid), connects them all, waits for the \
            server to settle, samples again and reports (after − before) / N. The kernel's socket buffers \
            are not part of a process's RSS and are not counted.
            """
    )

    @Option(help: "Number of idle connections.")
    var connections: Int = 10_000

    @Option(help: "Seconds to hold the connections open before sampling.")
    var settle: Double = 3

    @OptionGroup var options: BenchOptions

    func validate() throws {
        guard self.connections > 0 else { throw ValidationError("--connections must be positive") }
        guard self.options.serverPID.count == 1 else {
            throw ValidationError("one --server-pid is required to read the server's memory")
        }
    }

    func run() async throws {
        FileLimit.raiseToHardLimit()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.options.threads ?? System.coreCount)
        do {
            try await self.measure(on: group)
            try? await group.shutdownGracefully()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func measure(on group: MultiThreadedEventLoopGroup) async throws {
        let options = self.options
        let prefix = options.runPrefix
        let token = "token-\(prefix)"
        let uids = (0..<self.connections).map { "\(prefix)-idle-\($0)" }
        let admin = AdminSetup(address: options.http, group: group, concurrency: options.httpConcurrency)
        try await admin.registerTokens(uids.map { ($0, token) })

        let pid = options.serverPID[0]
        try await Task.sleep(for: .seconds(1))
        guard let before = ProcessSample.read(pid: pid) else { throw BenchError.setup("cannot read /proc/\(pid)") }
        let address = options.transport == .tcp ? options.tcp : options.ws
        let opened = try await withThrowingTaskGroup(of: JindouClientConnection.self) { tasks in
            var opened: [JindouClientConnection] = []
            var next = 0
            func addNext() {
                let uid = uids[next]
                next += 1
                tasks.addTask {
                    try await JindouClientConnection.connect(
                        ClientConfiguration(
                            host: address.host, port: address.port,
                            transport: options.transport == .tcp ? .tcp : .webSocket(path: options.wsPath), uid: uid,
                            token: token, protocolVersion: options.protocolVersion, connectTimeout: .seconds(30)),
                        eventLoopGroup: group)
                }
            }
            while next < min(options.connectConcurrency, uids.count) { addNext() }
            while let connection = try await tasks.next() {
                opened.append(connection)
                if next < uids.count { addNext() }
            }
            return opened
        }
        try await Task.sleep(for: .seconds(self.settle))
        guard let after = ProcessSample.read(pid: pid) else { throw BenchError.setup("cannot read /proc/\(pid)") }
        let perConnection = Double(after.residentBytes - before.residentBytes) / Double(opened.count)
        print(
            "connections: \(opened.count) idle \(options.transport.rawValue) connections; server RSS "
                + "\(before.residentBytes >> 20) → \(after.residentBytes >> 20) MiB, "
                + "\(String(format: "%.2f", perConnection / 1024)) KiB per connection")
        for connection in opened { await connection.close() }
    }
}
