import Foundation
import JindouClient
import JindouProtocol
import Testing

/// Channel routes and their effect on what connected clients can do.
@Suite("Channel API")
struct ChannelAPITests {
    private func list(_ server: TestServer, _ name: String, _ channel: String, type: Int = 2) async throws -> [String]?
    {
        let response = try await server.http.get("/channel/\(name)?channel_id=\(channel)&channel_type=\(type)")
        guard response.status == 200 else { return nil }
        return try JSONSerialization.jsonObject(with: response.body) as? [String]
    }

    @Test(
        "seed: whitelist_remove 404s for an unknown channel and takes effect for the very next SEND",
        arguments: TestStore.allCases)
    func whitelistRemove(_ store: TestStore) async throws {
        try await withTestServer(on: store) { server in
            let http = server.http
            let unknown = try await http.post(
                "/channel/whitelist_remove", ["channel_id": "nowhere", "channel_type": 2, "uids": ["a"]])
            #expect(unknown.status == 404)
            #expect(unknown.json["msg"] as? String == "Channel does not exist")
            for (body, message) in [
                (["channel_type": 2, "uids": ["a"]] as [String: Any], "Channel ID cannot be empty"),
                (["channel_id": "g", "channel_type": 0, "uids": ["a"]], "Channel type cannot be 0"),
                (["channel_id": "g", "channel_type": 2, "uids": []], "uids cannot be empty"),
                (["channel_id": "g&1", "channel_type": 2, "uids": ["a"]], "special characters"),
            ] {
                let response = try await http.post("/channel/whitelist_remove", body)
                #expect(response.status == 400)
                #expect((response.json["msg"] as? String)?.contains(message) == true, "\(response.text)")
            }

            try await server.createGroup("group123", subscribers: ["user1", "user2"])
            let user1 = try await server.connect("user1")
            let user2 = try await server.connect("user2")
            #expect(
                try await http.post(
                    "/channel/whitelist_add", ["channel_id": "group123", "channel_type": 2, "uids": ["user1"]]
                ).status == 200)
            #expect(try await list(server, "whitelist", "group123") == ["user1"])
            // Allowlist mode: user2 is not on it.
            #expect(
                try await user2.send(channelID: "group123", channelType: 2, payload: textPayload("x")).reasonCode
                    == .notInWhitelist)
            #expect(
                try await user1.send(channelID: "group123", channelType: 2, payload: textPayload("x")).reasonCode
                    == .success)
            #expect(
                try await http.post(
                    "/channel/whitelist_add", ["channel_id": "group123", "channel_type": 2, "uids": ["user2"]]
                ).status == 200)
            #expect(
                try await http.post(
                    "/channel/whitelist_remove", ["channel_id": "group123", "channel_type": 2, "uids": ["user1"]]
                ).status == 200)
            #expect(
                try await user1.send(channelID: "group123", channelType: 2, payload: textPayload("x")).reasonCode
                    == .notInWhitelist)
            #expect(
                try await user2.send(channelID: "group123", channelType: 2, payload: textPayload("x")).reasonCode
                    == .success)
            // An emptied allowlist turns allowlist mode off.
            #expect(
                try await http.post("/channel/whitelist_remove_all", ["channel_id": "group123", "channel_type": 2])
                    .status == 200)
            #expect(
                try await user1.send(channelID: "group123", channelType: 2, payload: textPayload("x")).reasonCode
                    == .success)
            await user1.close()
            await user2.close()
        }
    }

    @Test("denylist, send_ban, ban and info: each refusal code, and /channel/info keeps subscribers")
    func flagsAndLists() async throws {
        try await withTestServer { server in
            let http = server.http
            try await server.createGroup("room", subscribers: ["a", "b"])
            let a = try await server.connect("a")
            #expect(
                try await http.post("/channel/blacklist_add", ["channel_id": "room", "channel_type": 2, "uids": ["a"]])
                    .status == 200)
            #expect(try await list(server, "blacklist", "room") == ["a"])
            #expect(
                try await a.send(channelID: "room", channelType: 2, payload: textPayload("x")).reasonCode
                    == .inBlacklist)
            #expect(
                try await http.post("/channel/blacklist_set", ["channel_id": "room", "channel_type": 2, "uids": []])
                    .status == 200)
            #expect(try await list(server, "blacklist", "room") == [])

            #expect(
                try await http.post("/channel/info", ["channel_id": "room", "channel_type": 2, "send_ban": 1]).status
                    == 200)
            #expect(
                try await a.send(channelID: "room", channelType: 2, payload: textPayload("x")).reasonCode == .sendBan)
            #expect(try await list(server, "subscribers", "room") == ["a", "b"])
            // The system sender is not held by send_ban.
            let system = try await http.post(
                "/message/send", ["channel_id": "room", "channel_type": 2, "payload": "eyJhIjoxfQ=="])
            #expect(system.status == 200)
            #expect(
                try await http.post("/channel/info", ["channel_id": "room", "channel_type": 2, "ban": 1]).status == 200)
            #expect(try await a.send(channelID: "room", channelType: 2, payload: textPayload("x")).reasonCode == .ban)
            #expect(try await http.post("/channel/info", ["channel_id": "room", "channel_type": 2]).status == 200)
            #expect(
                try await a.send(channelID: "room", channelType: 2, payload: textPayload("x")).reasonCode == .success)

            let badInfo = try await http.post(
                "/channel/info", ["channel_id": "room", "channel_type": 2, "owner": "x@y"])
            #expect(badInfo.status == 400)
            #expect((badInfo.json["msg"] as? String)?.contains("owner") == true)
            #expect(try await http.get("/channel/subscribers?channel_id=ghost&channel_type=2").status == 404)
            #expect(try await http.get("/channel/subscribers?channel_id=room&channel_type=0").status == 400)
            #expect(try await http.get("/channel/subscribers?channel_type=2").status == 400)
            await a.close()
        }
    }

    @Test("subscriber_remove_all and delete: members can no longer send, history and lists are gone")
    func removeAllAndDelete() async throws {
        try await withTestServer { server in
            let http = server.http
            try await server.createGroup("team", subscribers: ["m1", "m2"])
            let m1 = try await server.connect("m1")
            #expect(
                try await m1.send(channelID: "team", channelType: 2, payload: textPayload("hello")).reasonCode
                    == .success)
            #expect(
                try await http.post("/channel/subscriber_remove_all", ["channel_id": "team", "channel_type": 2]).status
                    == 200)
            #expect(try await list(server, "subscribers", "team") == [])
            #expect(
                try await m1.send(channelID: "team", channelType: 2, payload: textPayload("x")).reasonCode
                    == .subscriberNotExist)
            #expect(
                try await http.post("/channel/subscriber_remove_all", ["channel_id": "nope", "channel_type": 2]).status
                    == 404)

            #expect(
                try await http.post("/channel/subscriber_add", ["channel_id": "team", "subscribers": ["m1"]]).status
                    == 200)
            #expect(try await http.post("/channel/delete", ["channel_id": "team", "channel_type": 1]).status == 400)
            #expect(try await http.post("/channel/delete", ["channel_id": "team", "channel_type": 2]).status == 200)
            #expect(try await http.post("/channel/delete", ["channel_id": "team", "channel_type": 2]).status == 404)
            #expect(
                try await m1.send(channelID: "team", channelType: 2, payload: textPayload("x")).reasonCode
                    == .channelNotExist)
            #expect(try await list(server, "subscribers", "team") == nil)
            let history = try await http.post(
                "/channel/messagesync", ["login_uid": "m1", "channel_id": "team", "channel_type": 2])
            #expect((history.json["messages"] as? [Any])?.isEmpty == true)
            let conversations = try await http.post("/conversation/channels", ["uid": "m1"])
            #expect(conversations.text == "[]")
            // Re-created, it starts a fresh log.
            try await server.createGroup("team", subscribers: ["m1"])
            let again = try await m1.send(channelID: "team", channelType: 2, payload: textPayload("new"))
            #expect(again.reasonCode == .success)
            #expect(again.messageSeq == 1)
            await m1.close()
        }
    }
}
