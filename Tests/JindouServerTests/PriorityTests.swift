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

            let ordinaryCount = 200
            let ordinary = (0..<ordinaryCount).map { index in
                talker.sendFuture(channelID: "busy", channelType: 2, payload: textPayload("o\(index)"))
            }
            // Let the ordinary sends reach the writer's queue before the system message is sent, and
            // the system message reach it before the lock goes (room for a loaded machine).
            try await Task.sleep(for: .seconds(1))
            let urgent = pager.sendFuture(channelID: "busy", channelType: 2, payload: textPayload("urgent"))
            try await Task.sleep(for: .seconds(1))
            try await blocker.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }

            #expect(try await urgent.get().reasonCode == .success)
            for future in ordinary {
                #expect(try await future.get().reasonCode == .success)
            }
            var order: [String] = []
            for _ in 0...ordinaryCount {
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
