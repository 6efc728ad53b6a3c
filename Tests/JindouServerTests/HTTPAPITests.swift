import Foundation
import JindouClient
import Testing

/// The management API this release serves: effects and history paging (validation is in
/// ``RouteValidationTests``).
@Suite("HTTP API")
struct HTTPAPITests {
    @Test("/health, and mutations answer {\"status\":\"ok\"}")
    func okEnvelope() async throws {
        try await withTestServer { server in
            let health = try await server.http.get("/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let create = try await server.http.post(
                "/channel", ["channel_id": "g", "channel_type": 2, "subscribers": ["a", "b"], "unknown_field": 1])
            #expect(create.status == 200)
            #expect(create.json["status"] as? String == "ok")
        }
    }

    @Test("/message/send delivers to online members and returns the message id and seq")
    func messageSend() async throws {
        try await withTestServer { server in
            try await server.createGroup("news", subscribers: ["reader", "writer"])
            let reader = try await server.connect("reader")
            let inbox = MessageInbox(reader)
            let payload = Data(textPayload("from the backend")).base64EncodedString()

            let asSystem = try await server.http.post(
                "/message/send", ["channel_id": "news", "channel_type": 2, "payload": payload])
            #expect(asSystem.status == 200)
            #expect(asSystem.json["message_seq"] as? Int == 1)
            #expect(((asSystem.json["data"] as? [String: Any])?["message_id"] as? NSNumber)?.int64Value ?? 0 > 0)
            let systemMessage = try await inbox.next()
            #expect(systemMessage.fromUID == "")
            #expect(systemMessage.payload == textPayload("from the backend"))

            let asWriter = try await server.http.post(
                "/message/send", ["from_uid": "writer", "channel_id": "news", "channel_type": 2, "payload": payload])
            #expect(asWriter.status == 200)
            #expect(try await inbox.next().fromUID == "writer")

            let outsider = try await server.http.post(
                "/message/send", ["from_uid": "stranger", "channel_id": "news", "channel_type": 2, "payload": payload])
            #expect(outsider.status == 403)
            #expect(outsider.json["reason_code"] as? Int == 3)

            let person = try await server.http.post(
                "/message/send", ["from_uid": "writer", "channel_id": "reader", "channel_type": 1, "payload": payload])
            #expect(person.status == 200)
            let direct = try await inbox.next()
            #expect(direct.channelID == "writer")
            #expect(direct.channelType == 1)
            await reader.close()
        }
    }

    @Test("/channel/messagesync pages down and up like v2")
    func messageSyncPaging() async throws {
        try await withTestServer { server in
            try await server.createGroup("history", subscribers: ["h1"])
            let h1 = try await server.connect("h1")
            for index in 1...25 {
                let ack = try await h1.send(channelID: "history", channelType: 2, payload: textPayload("m\(index)"))
                #expect(ack.messageSeq == UInt64(index))
            }
            func sync(_ body: [String: Any]) async throws -> (seqs: [Int], more: Int) {
                var request: [String: Any] = ["login_uid": "h1", "channel_id": "history", "channel_type": 2]
                request.merge(body) { $1 }
                let response = try await server.http.post("/channel/messagesync", request)
                let messages = response.json["messages"] as? [[String: Any]] ?? []
                return (messages.compactMap { $0["message_seq"] as? Int }, response.json["more"] as? Int ?? -1)
            }
            let latest = try await sync(["limit": 10])
            #expect(latest.seqs == Array(16...25))
            #expect(latest.more == 1)
            let older = try await sync(["start_message_seq": 15, "limit": 10, "pull_mode": 0])
            #expect(older.seqs == Array(6...15))
            #expect(older.more == 1)
            let oldest = try await sync(["start_message_seq": 5, "limit": 10, "pull_mode": 0])
            #expect(oldest.seqs == Array(1...5))
            #expect(oldest.more == 0)
            let newer = try await sync(["start_message_seq": 20, "limit": 10, "pull_mode": 1])
            #expect(newer.seqs == Array(20...25))
            #expect(newer.more == 0)
            let bounded = try await sync(["start_message_seq": 3, "end_message_seq": 8, "limit": 100, "pull_mode": 1])
            #expect(bounded.seqs == Array(3...7))
            let unknown = try await server.http.post(
                "/channel/messagesync", ["login_uid": "h1", "channel_id": "nothing", "channel_type": 2])
            #expect(unknown.status == 200)
            #expect((unknown.json["messages"] as? [Any])?.isEmpty == true)

            // A person channel is addressed by the peer's uid; channel_id in each message is the recipient.
            let other = try await server.connect("h2")
            _ = try await h1.send(channelID: "h2", channelType: 1, payload: textPayload("dm"))
            let fromH2Side = try await server.http.post(
                "/channel/messagesync", ["login_uid": "h2", "channel_id": "h1", "channel_type": 1])
            let dm = (fromH2Side.json["messages"] as? [[String: Any]])?.first
            #expect(dm?["from_uid"] as? String == "h1")
            #expect(dm?["channel_id"] as? String == "h2")
            #expect(dm?["payload"] as? String == Data(textPayload("dm")).base64EncodedString())
            await h1.close()
            await other.close()
        }
    }

    @Test("removing from the allowlist takes effect for the very next SEND")
    func allowlistRemovalIsImmediate() async throws {
        try await withTestServer { server in
            try await server.createGroup("vip", subscribers: ["a1", "a2"])
            let a1 = try await server.connect("a1")
            _ = try await server.http.post(
                "/channel/whitelist_add", ["channel_id": "vip", "channel_type": 2, "uids": ["a1", "a2"]])
            #expect(
                try await a1.send(channelID: "vip", channelType: 2, payload: textPayload("in")).reasonCode == .success)
            let removal = try await server.http.post(
                "/channel/whitelist_remove", ["channel_id": "vip", "channel_type": 2, "uids": ["a1"]])
            #expect(removal.status == 200)
            #expect(
                try await a1.send(channelID: "vip", channelType: 2, payload: textPayload("out")).reasonCode
                    == .notInWhitelist)
            await a1.close()
        }
    }
}
