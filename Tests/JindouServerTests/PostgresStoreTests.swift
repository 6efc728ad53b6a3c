import Foundation
import JindouServer
import JindouTestSupport
import Testing

/// What is particular to running on PostgreSQL: a database that cannot be reached at startup, a
/// password that never shows, and an outage while serving that the server rides out by itself.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    @Test("an unreachable database at startup is a quick, clear error naming the host, never the password")
    func unreachableAtStartup() async throws {
        let closedPort = try FreePort.take()
        let result = try runJindou([
            "serve", "--store", "postgres://jindou:hunter2-secret@127.0.0.1:\(closedPort)/jindou?sslmode=disable",
            "--postgres-connect-timeout", "2", "--data-dir", TestServer.temporaryDirectory(),
            "--http-addr", "127.0.0.1:0", "--tcp-addr", "127.0.0.1:0", "--ws-addr", "127.0.0.1:0",
        ])
        #expect(result.status != 0)
        #expect(result.seconds < 15, "startup took \(result.seconds) s to fail")
        #expect(result.output.contains("127.0.0.1:\(closedPort)"), "\(result.output)")
        #expect(!result.output.contains("hunter2-secret"))

        let malformed = try runJindou(["serve", "--store", "postgres://jindou:hunter2-secret@/nodb"])
        #expect(malformed.status == 2)
        #expect(malformed.output.contains("has no host"), "\(malformed.output)")
        #expect(!malformed.output.contains("hunter2-secret"))
    }

    @Test("the password is masked in the startup log and /varz")
    func passwordMasked() async throws {
        guard let url = try await PostgresTestCluster.freshDatabaseURL() else { return }
        // Trust authentication accepts any password: the server is given one to hide.
        let withPassword = url.replacingOccurrences(of: "://jindou@", with: "://jindou:hunter2-secret@")
        let server = try ServerProcess.start(
            dataDirectory: TestServer.temporaryDirectory(),
            extraArguments: ["--store", withPassword, "--log-level", "info"])
        defer { _ = server.terminate() }
        let varz = try await server.http.get("/varz")
        #expect(varz.status == 200)
        let store = varz.json["store"] as? String ?? ""
        #expect(store.hasPrefix("postgres://jindou:***@127.0.0.1:"), "\(store)")
        #expect(server.log.contains("jindou:***@"), "the startup log names the store")
        #expect(!server.log.contains("hunter2-secret"))
        #expect(!store.contains("hunter2-secret"))
    }

    @Test("an outage while serving: sends fail with reason 15 and /health is 503; when it is back, all recovers")
    func outageAndRecovery() async throws {
        // A server of its own: this test stops it.
        guard let cluster = try await PostgresTestCluster.start() else { return }
        defer { cluster.stop() }
        try await cluster.createDatabase("outage")
        let selection = try StoreSelection.parse(cluster.url(database: "outage")).get()
        try await withTestServer(configure: {
            $0.store = selection
            // Reaching a fresh server at startup on a saturated machine can take seconds.
            $0.postgresConnectTimeout = 15
        }) { server in
            let alice = try await server.connect("alice")
            let before = try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("before"))
            #expect(before.reasonCode == .success)

            try await cluster.pause()
            var refused = 0
            for index in 0..<5 {
                let ack = try await alice.send(
                    channelID: "bob", channelType: 1, payload: textPayload("during \(index)"),
                    clientMsgNo: "outage-\(index)")
                if ack.reasonCode == .systemError { refused += 1 }
            }
            #expect(refused == 5)
            let health = try await server.http.get("/health")
            #expect(health.status == 503)

            try await cluster.resume()
            // The writer reconnects after its backoff (at most 2 s); the pool after its own (a few s).
            var recovered = false
            for _ in 0..<300 where !recovered {
                let ack = try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("after"))
                recovered = ack.reasonCode == .success
                if !recovered { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(recovered)
            var healthy = false
            for _ in 0..<300 where !healthy {
                healthy = try await server.http.get("/health").status == 200
                if !healthy { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(healthy)
            // What was acknowledged before the outage is there; what was refused is not.
            let sync = try await server.http.post(
                "/channel/messagesync",
                ["login_uid": "alice", "channel_id": "bob", "channel_type": 1, "limit": 100])
            let payloads = (sync.json["messages"] as? [[String: Any]] ?? []).compactMap { $0["payload"] as? String }
                .compactMap { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } }
            #expect(payloads.count == 2)
            #expect(payloads.first?.contains("\"before\"") == true)
            #expect(payloads.last?.contains("\"after\"") == true)
            #expect(!payloads.contains { $0.contains("during") })
            await alice.close()
        }
    }

    private struct Run {
        var status: Int32
        var output: String
        var seconds: Double
    }

    /// Runs the real binary to its exit (at most 60 s), collecting stdout and stderr.
    private func runJindou(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = ServerProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("JINDOU_") }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
            seconds: Date().timeIntervalSince(start))
    }
}
