import Foundation
import JindouClient
import JindouProtocol
import Testing

/// Acknowledged means durable: kill -9 right after SENDACKs, restart, and everything is there.
@Suite("Durability")
struct DurabilityTests {
    @Test("kill -9 after SENDACK loses nothing; seqs and ids continue after restart", arguments: TestStore.allCases)
    func killAfterSendack(_ store: TestStore) async throws {
        guard let selection = try await store.freshSelection() else { return }
        let directory = TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 300 sends from one user at once: above the default per-user burst.
        let first = try ServerProcess.start(
            dataDirectory: directory, extraArguments: ["--user-send-rate", "0"] + selection.serveArguments)
        defer { if first.process.isRunning { first.killHard() } }
        for uid in ["k1", "k2"] {
            let response = try await first.http.post(
                "/user/token", ["uid": uid, "token": "t-\(uid)", "device_level": 1])
            #expect(response.status == 200)
        }
        let response = try await first.http.post(
            "/channel", ["channel_id": "kg", "channel_type": 2, "subscribers": ["k1", "k2"]])
        #expect(response.status == 200)
        let sender = try await JindouClientConnection.connect(
            ClientConfiguration(host: "127.0.0.1", port: first.addresses.tcp, uid: "k1", token: "t-k1"))

        // Many sends in flight at once, so they share group commits; keep every SENDACK.
        let acks = try await withThrowingTaskGroup(of: SendackPacket.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let channel = index.isMultiple(of: 2) ? ("k2", UInt8(1)) : ("kg", UInt8(2))
                    return try await sender.send(
                        channelID: channel.0, channelType: channel.1, payload: textPayload("m\(index)"),
                        clientMsgNo: "kill-\(index)")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(acks.allSatisfy { $0.reasonCode == .success })
        first.killHard()
        await sender.close()

        let second = try ServerProcess.start(dataDirectory: directory, extraArguments: selection.serveArguments)
        defer { _ = second.terminate() }
        var stored: [Int64: UInt64] = [:]
        for (channel, type) in [("k2", 1), ("kg", 2)] {
            let sync = try await second.http.post(
                "/channel/messagesync", ["login_uid": "k1", "channel_id": channel, "channel_type": type, "limit": 1000])
            let messages = sync.json["messages"] as? [[String: Any]] ?? []
            #expect(messages.count == 150)
            let seqs = messages.compactMap { ($0["message_seq"] as? NSNumber)?.uint64Value }
            #expect(seqs == Array(1...150))
            for message in messages {
                if let id = (message["message_id"] as? NSNumber)?.int64Value,
                    let seq = (message["message_seq"] as? NSNumber)?.uint64Value
                {
                    stored[id] = seq
                }
            }
        }
        for ack in acks {
            #expect(stored[ack.messageID] == ack.messageSeq)
        }
        // New messages continue the seqs with larger ids.
        let again = try await JindouClientConnection.connect(
            ClientConfiguration(host: "127.0.0.1", port: second.addresses.tcp, uid: "k1", token: "t-k1"))
        let next = try await again.send(channelID: "kg", channelType: 2, payload: textPayload("after"))
        #expect(next.messageSeq == 151)
        #expect(next.messageID > acks.map(\.messageID).max()!)
        await again.close()
    }

    @Test("SIGTERM shuts the real binary down gracefully: exit status 0, acknowledged data kept")
    func sigtermIsGraceful() async throws {
        let directory = TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try ServerProcess.start(dataDirectory: directory)
        defer { if server.process.isRunning { server.killHard() } }
        _ = try await server.http.post("/user/token", ["uid": "t1", "token": "t-t1"])
        let client = try await JindouClientConnection.connect(
            ClientConfiguration(host: "127.0.0.1", port: server.addresses.tcp, uid: "t1", token: "t-t1"))
        let ack = try await client.send(channelID: "t2", channelType: 1, payload: textPayload("before term"))
        #expect(ack.reasonCode == .success)
        #expect(server.terminate() == 0)
        await client.waitUntilClosed()

        let again = try ServerProcess.start(dataDirectory: directory)
        defer { _ = again.terminate() }
        let sync = try await again.http.post(
            "/channel/messagesync", ["login_uid": "t1", "channel_id": "t2", "channel_type": 1])
        #expect((sync.json["messages"] as? [Any])?.count == 1)
    }

    @Test("a graceful restart keeps channels, tokens and messages")
    func gracefulRestart() async throws {
        let directory = TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await TestServer.start(dataDirectory: directory)
        try await first.createGroup("persist", subscribers: ["p1", "p2"])
        let p1 = try await first.connect("p1")
        try await first.registerToken("p2")
        _ = try await p1.send(channelID: "persist", channelType: 2, payload: textPayload("before"))
        await p1.close()
        try await first.stop()

        let second = try await TestServer.start(dataDirectory: directory)
        let p1Again = try await second.connect("p1", register: false)
        let p2 = try await second.connect("p2", register: false)
        let inbox = MessageInbox(p2)
        let ack = try await p1Again.send(channelID: "persist", channelType: 2, payload: textPayload("after"))
        #expect(ack.messageSeq == 2)
        #expect(try await inbox.next().payload == textPayload("after"))
        await p1Again.close()
        await p2.close()
        try await second.stopAndRemoveData()
    }
}
