import Foundation
import JindouClient
import JindouProtocol
import Testing

/// Conversations: unread derived from seq cursors, shared by a user's devices, and deletion that
/// holds until a newer message arrives.
@Suite("Conversations")
struct ConversationTests {
    private func sync(_ server: TestServer, _ uid: String, _ extra: [String: Any] = [:]) async throws -> [[String: Any]]
    {
        var body: [String: Any] = ["uid": uid, "msg_count": 5]
        body.merge(extra) { $1 }
        let response = try await server.http.post("/conversation/sync", body)
        #expect(response.status == 200, "\(response)")
        return (try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]) ?? []
    }

    private func send(
        _ server: TestServer, from: String, to channel: String, type: Int = 2, _ text: String
    ) async throws {
        let payload = Data(textPayload(text)).base64EncodedString()
        let response = try await server.http.post(
            "/message/send", ["from_uid": from, "channel_id": channel, "channel_type": type, "payload": payload])
        #expect(response.status == 200, "\(response)")
    }

    @Test("two devices of one user: a read on one is the read of both; new messages count again")
    func twoDevices() async throws {
        try await withTestServer { server in
            try await server.createGroup("family", subscribers: ["mom", "kid"])
            let phone = try await server.connect("kid", deviceFlag: 0)
            let laptop = try await server.connect("kid", deviceFlag: 2)
            for index in 1...3 { try await send(server, from: "mom", to: "family", "m\(index)") }

            var kid = try await sync(server, "kid")
            #expect(kid.count == 1)
            #expect(kid.first?["channel_id"] as? String == "family")
            #expect(kid.first?["unread"] as? Int == 3)
            #expect(kid.first?["last_msg_seq"] as? Int == 3)
            #expect((kid.first?["recents"] as? [[String: Any]])?.first?["message_seq"] as? Int == 3)
            // The sender has read its own messages.
            #expect(try await sync(server, "mom").first?["unread"] as? Int == 0)

            // The phone reads up to seq 2; the laptop's view agrees (one cursor per user).
            let clear = try await server.http.post(
                "/conversations/clearUnread",
                ["uid": "kid", "channel_id": "family", "channel_type": 2, "message_seq": 2])
            #expect(clear.status == 200)
            #expect(try await sync(server, "kid").first?["unread"] as? Int == 1)
            #expect(
                try await server.http.post(
                    "/conversations/clearUnread", ["uid": "kid", "channel_id": "family", "channel_type": 2]
                ).status == 200)
            kid = try await sync(server, "kid")
            #expect(kid.first?["unread"] as? Int == 0)
            #expect(kid.first?["readed_to_msg_seq"] as? Int == 3)
            // Incremental sync (a version) returns only conversations with unread messages.
            #expect(try await sync(server, "kid", ["version": 1]).isEmpty)

            try await send(server, from: "mom", to: "family", "m4")
            #expect(try await sync(server, "kid").first?["unread"] as? Int == 1)
            #expect(try await sync(server, "kid", ["version": 1]).count == 1)
            // setUnread can lower the count, never raise it.
            #expect(
                try await server.http.post(
                    "/conversations/setUnread", ["uid": "kid", "channel_id": "family", "channel_type": 2, "unread": 3]
                ).status == 200)
            #expect(try await sync(server, "kid").first?["unread"] as? Int == 1)
            #expect(
                try await server.http.post(
                    "/conversations/setUnread", ["uid": "kid", "channel_id": "family", "channel_type": 2, "unread": 0]
                ).status == 200)
            #expect(try await sync(server, "kid").first?["unread"] as? Int == 0)
            await phone.close()
            await laptop.close()
        }
    }

    @Test("a deleted conversation stays deleted until a newer message arrives")
    func deletedStaysDeleted() async throws {
        try await withTestServer { server in
            try await server.registerToken("alice")
            try await server.registerToken("bob")
            try await send(server, from: "alice", to: "bob", type: 1, "hi bob")
            try await send(server, from: "alice", to: "bob", type: 1, "are you there")
            var bob = try await sync(server, "bob")
            #expect(bob.count == 1)
            #expect(bob.first?["channel_id"] as? String == "alice")
            #expect(bob.first?["channel_type"] as? Int == 1)
            #expect(bob.first?["unread"] as? Int == 2)
            #expect(try await sync(server, "alice").first?["channel_id"] as? String == "bob")

            let delete = try await server.http.post(
                "/conversations/delete", ["uid": "bob", "channel_id": "alice", "channel_type": 1])
            #expect(delete.status == 200)
            #expect(try await sync(server, "bob").isEmpty)
            #expect(try await sync(server, "bob", ["msg_count": 0]).isEmpty)
            // Reads, restarts and other people's activity do not bring it back.
            #expect(
                try await server.http.post(
                    "/conversations/clearUnread", ["uid": "bob", "channel_id": "alice", "channel_type": 1]
                ).status == 200)
            #expect(try await sync(server, "bob").isEmpty)
            #expect(try await sync(server, "alice").count == 1)

            try await send(server, from: "alice", to: "bob", type: 1, "hello again")
            bob = try await sync(server, "bob")
            #expect(bob.count == 1)
            #expect(bob.first?["unread"] as? Int == 1)
            let recents = bob.first?["recents"] as? [[String: Any]]
            #expect(recents?.count == 1)
            #expect(recents?.first?["message_seq"] as? Int == 3)
            #expect(
                try await server.http.post(
                    "/conversations/delete", ["uid": "bob", "channel_id": "carol", "channel_type": 1]
                ).status == 404)
        }
    }

    @Test("membership changes add and remove conversations; channels, syncByChannels and syncMessages")
    func membershipAndReads() async throws {
        try await withTestServer { server in
            try await server.createGroup("club", subscribers: ["x"])
            try await send(server, from: "x", to: "club", "before y joined")
            #expect(
                try await server.http.post(
                    "/channel/subscriber_add", ["channel_id": "club", "channel_type": 2, "subscribers": ["y"]]
                ).status == 200)
            // A new member starts with nothing unread.
            #expect(try await sync(server, "y").first?["unread"] as? Int == 0)
            try await send(server, from: "x", to: "club", "after")
            #expect(try await sync(server, "y").first?["unread"] as? Int == 1)

            let channels = try await server.http.post("/conversation/channels", ["uid": "y"])
            #expect(channels.text.contains("\"channel_id\":\"club\""))
            let byChannels = try await server.http.post(
                "/conversation/syncByChannels",
                [
                    "uid": "y",
                    "channels": [
                        ["channel_id": "club", "channel_type": 2], ["channel_id": "empty", "channel_type": 2],
                    ],
                ])
            let items = try JSONSerialization.jsonObject(with: byChannels.body) as? [[String: Any]]
            #expect(items?.count == 2)
            #expect(items?.first?["unread"] as? Int == 1)
            #expect(items?.last?["last_msg_seq"] as? Int == 0)
            let messages = try await server.http.post(
                "/conversation/syncMessages",
                ["uid": "y", "channels": [["channel_id": "club", "channel_type": 2, "last_msg_seq": 1]]])
            let perChannel = try JSONSerialization.jsonObject(with: messages.body) as? [[String: Any]]
            #expect((perChannel?.first?["messages"] as? [[String: Any]])?.map { $0["message_seq"] as? Int } == [2])

            #expect(
                try await server.http.post(
                    "/channel/subscriber_remove", ["channel_id": "club", "channel_type": 2, "subscribers": ["y"]]
                ).status == 200)
            #expect(try await sync(server, "y").isEmpty)
            #expect(
                try await server.http.post(
                    "/channel/blacklist_add", ["channel_id": "club", "channel_type": 2, "uids": ["x"]]
                ).status == 200)
            #expect(try await sync(server, "x").isEmpty)

            for (path, body, message) in [
                ("/conversation/sync", [:] as [String: Any], "uid cannot be empty"),
                ("/conversation/sync", ["uid": "y", "last_msg_seqs": "garbage"], "last_msg_seqs"),
                ("/conversation/sync", ["uid": "y", "page_size": 501], "page_size"),
                ("/conversation/syncByChannels", ["uid": "y"], "channels cannot be empty"),
                ("/conversations/clearUnread", ["uid": "y", "channel_type": 2], "Channel ID cannot be empty"),
                (
                    "/conversations/setUnread", ["uid": "y", "channel_id": "club", "channel_type": 2],
                    "unread is required"
                ),
                (
                    "/conversations/delete", ["uid": "y", "channel_id": "club", "channel_type": 0],
                    "Channel type cannot be 0"
                ),
            ] {
                let response = try await server.http.post(path, body)
                #expect(response.status == 400, "\(path) \(body)")
                #expect((response.json["msg"] as? String)?.contains(message) == true, "\(path): \(response.text)")
            }
        }
    }
}
