import Foundation
import GRDB
import JindouClient
import JindouProtocol
import JindouStorageSQLite
import Testing

/// System users' messages are committed and delivered ahead of queued ordinary traffic.
@Suite("Priority")
struct PriorityTests {
    @Test("while ordinary messages queue behind a stalled commit, a system message overtakes them")
    func systemMessagesOvertakeQueuedTraffic() async throws {
        try await withTestServer(configure: { $0.userSendRate = 0 }) { server in
            try await server.createGroup("busy", subscribers: ["reader", "talker"])
            #expect(try await server.http.post("/user/systemuids_add", ["uids": ["pager"]]).status == 200)
            let reader = try await server.connect("reader")
            let inbox = MessageInbox(reader)
            let talker = try await server.connect("talker")
            let pager = try await server.connect("pager")

            // Another connection takes SQLite's write lock: the group-commit writer stalls and
            // everything sent meanwhile queues in its inbox, as it does when the disk falls behind.
            let path = URL(fileURLWithPath: server.dataDirectory).appendingPathComponent(SQLiteStorage.fileName).path
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true  // the lock is held across two accesses on purpose
            let blocker = try DatabaseQueue(path: path, configuration: configuration)
            try await blocker.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }

            // A first message, which the stalled writer takes alone: the ones after it queue.
            let opener = talker.sendFuture(channelID: "busy", channelType: 2, payload: textPayload("o-first"))
            try await server.waitForGauge("jindou_storage_committing_appends", atLeast: 1)
            let ordinaryCount = 200
            let ordinary =
                [opener]
                + (0..<ordinaryCount).map { index in
                    talker.sendFuture(channelID: "busy", channelType: 2, payload: textPayload("o\(index)"))
                }
            // Every ordinary send queues before the system message is sent, and the system message
            // reaches its lane before the lock goes: read off the writer's queue-depth gauges.
            try await server.waitForQueuedAppends(lane: "ordinary", atLeast: ordinaryCount)
            let urgent = pager.sendFuture(channelID: "busy", channelType: 2, payload: textPayload("urgent"))
            try await server.waitForQueuedAppends(lane: "priority", atLeast: 1)
            try await blocker.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }

            #expect(try await urgent.get().reasonCode == .success)
            for future in ordinary {
                #expect(try await future.get().reasonCode == .success)
            }
            var order: [String] = []
            for _ in 0..<(ordinaryCount + 2) {
                let message = try await inbox.next(timeout: .seconds(10))
                order.append(String(decoding: message.payload, as: UTF8.self))
            }
            let urgentPosition = try #require(order.firstIndex { $0.contains("urgent") })
            // At most the first stalled batch (taken before the system message was queued) is ahead of it.
            #expect(
                urgentPosition < ordinaryCount / 2,
                "system message delivered at position \(urgentPosition) of \(order.count)")
            await reader.close()
            await talker.close()
            await pager.close()
        }
    }
}

extension TestServer {
    /// Waits until the group-commit writer's queue holds at least `count` appends in `lane`
    /// (`jindou_storage_queued_appends` in `/metrics`).
    func waitForQueuedAppends(lane: String, atLeast count: Int, timeout: Duration = .seconds(30)) async throws {
        try await waitForGauge("jindou_storage_queued_appends{lane=\"\(lane)\"}", atLeast: count, timeout: timeout)
    }

    /// Waits until the gauge `series` (name and labels as `/metrics` prints them) reaches `count`.
    func waitForGauge(_ series: String, atLeast count: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        let prefix = series + " "
        var last = 0
        while ContinuousClock.now < deadline {
            let text = try await http.get("/metrics").text
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                last = Int(Double(line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)) ?? 0)
                if last >= count { return }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("\(series) reached \(last), not \(count), within \(timeout)")
    }
}
