import Foundation
import Testing

/// A store that cannot write: refusals, quiet logs, readiness, recovery. The disk is a small
/// tmpfs the test mounts (root only, as in CI).
@Suite("Hardening: store faults")
struct StoreFaultTests {
    static var isRoot: Bool { geteuid() == 0 }

    @Test(
        "with the disk full: sends fail with reason 15, errors are logged once per interval, /health is 503; then it recovers",
        .enabled(if: isRoot || Schemathesis.isCI, "needs root to mount a small tmpfs"))
    func diskFull() async throws {
        let mountPoint = TestServer.temporaryDirectory()
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint]) == 0 else {
            Issue.record("mounting a tmpfs at \(mountPoint) failed")
            return
        }
        defer {
            _ = run("/bin/umount", ["-l", mountPoint])
            try? FileManager.default.removeItem(atPath: mountPoint)
        }
        let dataDirectory = mountPoint + "/data"
        let server = try ServerProcess.start(dataDirectory: dataDirectory, extraArguments: ["--user-send-rate", "0"])
        defer { _ = server.terminate() }
        let http = server.http
        #expect(
            try await http.post("/user/token", ["uid": "filler", "token": "token-filler", "device_flag": 0]).status
                == 200)
        #expect((try await http.get("/health")).status == 200)

        // Fill the file system, leaving the database no room to grow.
        let filler = mountPoint + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        let block = Data(repeating: 0x55, count: 64 * 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()

        let payload = Data(repeating: 0x41, count: 48 * 1024).base64EncodedString()
        var refused = 0
        let sendsStarted = ContinuousClock.now
        for index in 0..<60 {
            let response = try await http.post(
                "/message/send",
                [
                    "from_uid": "filler", "channel_id": "filler-peer", "channel_type": 1,
                    "client_msg_no": "full-\(index)", "payload": payload,
                ])
            if response.status == 500, (response.json["reason_code"] as? NSNumber)?.intValue == 15 { refused += 1 }
        }
        #expect(refused >= 50, "only \(refused) of 60 sends were refused with reason 15")
        let health = try await http.get("/health")
        #expect(health.status == 503)
        #expect((health.json["reason"] as? String)?.contains("cannot write") == true)
        #expect((try await http.get("/health/ready")).status == 503)
        #expect((try await http.get("/health/live")).status == 200)
        // One line per 10 s interval from each of the writer and the send pipeline, not two per
        // refused message (a loaded machine may take more than one interval for the sends).
        try await Task.sleep(for: .milliseconds(200))
        let intervals = Int(((ContinuousClock.now - sendsStarted) / .seconds(10)).rounded(.up))
        let errorLines = server.log.split(separator: "\n").filter {
            $0.contains("group commit failed") || $0.contains("message append failed")
        }
        #expect(
            errorLines.count <= 2 * (intervals + 1),
            "\(errorLines.count) error lines for \(refused) refusals in \(intervals) intervals")
        // …and every failure is counted.
        let failures = try await http.metric("jindou_storage_commit_failures_total")
        #expect(
            (failures ?? 0) >= 1, "jindou_storage_commit_failures_total is \(failures.map { "\($0)" } ?? "missing")")

        // Space comes back: readiness recovers without any traffic, and sends work again.
        try FileManager.default.removeItem(atPath: filler)
        #expect(await eventually(timeout: .seconds(5)) { (try? await http.get("/health"))?.status == 200 })
        let after = try await http.post(
            "/message/send", ["from_uid": "filler", "channel_id": "filler-peer", "channel_type": 1, "payload": "aGk="])
        #expect(after.status == 200)
    }

    private func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
