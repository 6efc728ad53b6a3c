import Foundation
import JindouClient
import JindouProtocol
import NIOCore
import Synchronization
import Testing

/// Memory bounded in bytes under slow readers and overload, and a shutdown that acknowledges
/// everything it committed.
@Suite("Hardening: load and shutdown")
struct LoadHardeningTests {
    @Test("a reader that never acknowledges is closed once its unacknowledged RECVs pass max_unacked_bytes")
    func unacknowledgedBytesBound() async throws {
        try await withTestServer(configure: {
            $0.maxUnacknowledgedBytes = 256 * 1024
            $0.userSendRate = 0
        }) { server in
            let raw = try await server.rawAuthenticatedConnection("hoarder")

            let sender = try await server.connect("feeder")
            let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 32 * 1024)
            // 20 × 32 KB, far below the 10,000-message count limit: only a byte bound closes it.
            for index in 0..<20 {
                let ack = try await sender.send(
                    channelID: "hoarder", channelType: 1, payload: payload, clientMsgNo: "hoard-\(index)")
                #expect(ack.reasonCode == .success)
            }
            // The reader reads everything (its socket never backs up) but acknowledges nothing.
            #expect(await raw.waitForClose(timeout: .seconds(5)))
            await sender.close()
        }
    }

    @Test("overload: past delivery_backlog_budget new sends are refused with reason 22 and memory stays bounded")
    func overloadIsRefusedNotBuffered() async throws {
        let directory = TestServer.temporaryDirectory()
        let server = try ServerProcess.start(
            dataDirectory: directory, extraArguments: ["--user-send-rate", "0"],
            // A per-connection bound high enough that the budget, not slow-consumer closes, is what holds.
            environment: ["JINDOU_DELIVERY_BACKLOG_BUDGET": "\(8 << 20)", "JINDOU_MAX_UNACKED_BYTES": "\(64 << 20)"])
        defer { _ = server.terminate() }
        let members = (0..<60).map { "crowd-\($0)" }
        let senders = ["loud-0", "loud-1", "loud-2", "loud-3"]
        for uid in members + senders {
            let response = try await server.http.post(
                "/user/token", ["uid": uid, "token": "token-\(uid)", "device_flag": 0, "device_level": 1])
            #expect(response.status == 200)
        }
        let created = try await server.http.post(
            "/channel", ["channel_id": "crowd", "channel_type": 2, "subscribers": members + senders])
        #expect(created.status == 200)
        var receivers: [JindouClientConnection] = []
        for uid in members {
            receivers.append(
                try await JindouClientConnection.connect(
                    ClientConfiguration(host: "127.0.0.1", port: server.addresses.tcp, uid: uid, token: "token-\(uid)"))
            )
        }
        var loud: [JindouClientConnection] = []
        for uid in senders {
            loud.append(
                try await JindouClientConnection.connect(
                    ClientConfiguration(host: "127.0.0.1", port: server.addresses.tcp, uid: uid, token: "token-\(uid)"))
            )
        }
        let before = server.residentBytes
        let payload = [UInt8](repeating: UInt8(ascii: "o"), count: 4 * 1024)
        // Every sender fires without waiting: 4 × 400 messages × 64 recipients × 4 KB, ~1 GB of RECVs once encrypted.
        var futures: [EventLoopFuture<SendackPacket>] = []
        for round in 0..<400 {
            for (index, client) in loud.enumerated() {
                futures.append(
                    client.sendFuture(
                        channelID: "crowd", channelType: 2, payload: payload, clientMsgNo: "o-\(index)-\(round)"))
            }
        }
        var peak = 0
        var refusedForOverload = 0
        var stored = 0
        var failed = 0
        for future in futures {
            guard let ack = try? await future.get() else {
                failed += 1
                continue
            }
            if ack.reasonCode == .rateLimit { refusedForOverload += 1 }
            if ack.reasonCode == .success { stored += 1 }
            peak = max(peak, server.residentBytes)
        }
        print(
            "overload: \(stored) stored, \(refusedForOverload) refused for overload, peak RSS +\((peak - before) >> 20) MB"
        )
        #expect(refusedForOverload > 0, "no send was refused for overload (stored \(stored))")
        #expect(stored > 0)
        #expect(failed == 0, "\(failed) sends got no SENDACK")
        #expect(peak - before < 200 << 20, "RSS grew by \((peak - before) >> 20) MB")
        let metrics = try await server.http.get("/metrics")
        #expect(metrics.text.contains(#"jindou_rate_limited_total{scope="overload"}"#))
        #expect((try await server.http.get("/health")).status == 200)
        for client in receivers + loud { await client.close() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("graceful shutdown: every committed message gets its SENDACK, then each client gets DISCONNECT")
    func drainOnShutdown() async throws {
        let directory = TestServer.temporaryDirectory()
        let server = try await TestServer.start(dataDirectory: directory) { $0.userSendRate = 0 }
        let receiver = try await server.connect("drain-receiver")
        var connected: [JindouClientConnection] = []
        for index in 0..<8 { connected.append(try await server.connect("drain-sender-\(index)")) }
        let senders = connected

        let acknowledged = AcknowledgedSet()
        let traffic = Task {
            await withTaskGroup(of: Void.self) { group in
                for (index, sender) in senders.enumerated() {
                    group.addTask {
                        var round = 0
                        while !sender.isClosed {
                            // Keep 32 SENDs in flight per connection.
                            let futures = (0..<32).map { slot in
                                sender.sendFuture(
                                    channelID: "drain-receiver", channelType: 1, payload: textPayload("m"),
                                    clientMsgNo: "d-\(index)-\(round)-\(slot)")
                            }
                            round += 1
                            for future in futures {
                                guard let ack = try? await future.get() else { continue }
                                if ack.reasonCode == .success { acknowledged.insert(ack.messageID) }
                            }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(400))
        try await server.stop()
        await traffic.value

        for sender in senders {
            #expect(sender.lastDisconnect?.reason == "server shutting down")
        }
        await receiver.close()

        // Everything that was committed was acknowledged.
        let restarted = try await TestServer.start(dataDirectory: directory)
        var storedIDs: [Int64] = []
        for index in senders.indices {
            var start = 0
            while true {
                let response = try await restarted.http.post(
                    "/channel/messagesync",
                    [
                        "login_uid": "drain-sender-\(index)", "channel_id": "drain-receiver", "channel_type": 1,
                        "start_message_seq": start, "limit": 1000, "pull_mode": 1,
                    ])
                let messages = response.json["messages"] as? [[String: Any]] ?? []
                storedIDs.append(contentsOf: messages.compactMap { ($0["message_id"] as? NSNumber)?.int64Value })
                guard let last = (messages.last?["message_seq"] as? NSNumber)?.intValue,
                    (response.json["more"] as? NSNumber)?.intValue == 1
                else { break }
                start = last + 1
            }
        }
        #expect(!storedIDs.isEmpty)
        let unacknowledged = storedIDs.filter { !acknowledged.contains($0) }
        #expect(
            unacknowledged.isEmpty,
            "\(unacknowledged.count) of \(storedIDs.count) committed messages never got a SENDACK")
        try await restarted.stopAndRemoveData()
    }
}

/// Message ids that got a successful SENDACK, from many tasks.
private final class AcknowledgedSet: Sendable {
    private let ids = Mutex<Set<Int64>>([])
    func insert(_ id: Int64) { _ = ids.withLock { $0.insert(id) } }
    func contains(_ id: Int64) -> Bool { ids.withLock { $0.contains(id) } }
}
