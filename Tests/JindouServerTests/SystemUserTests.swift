import Foundation
import JindouClient
import JindouProtocol
import Testing

/// The system uid list and the privileges the seeds promise: bypassing list checks, system
/// channels, rate-limit exemption, priority, and revocation that is immediate.
@Suite("System users")
struct SystemUserTests {
    private func uids(_ server: TestServer) async throws -> [String] {
        let response = try await server.http.get("/user/systemuids")
        #expect(response.status == 200)
        return (try JSONSerialization.jsonObject(with: response.body) as? [String]) ?? ["<not an array>"]
    }

    @Test(
        "add, list, remove; validation; a removal naming a non-system uid changes nothing",
        arguments: TestStore.allCases)
    func listLifecycle(_ store: TestStore) async throws {
        try await withTestServer(on: store) { server in
            let http = server.http
            #expect(try await uids(server) == [])
            #expect(try await http.post("/user/systemuids_add", ["uids": ["bot_b", "bot_a", "bot_a"]]).status == 200)
            #expect(try await uids(server) == ["bot_a", "bot_b"])

            for (body, message) in [
                (["uids": []] as [String: Any], "uids cannot be empty"),
                ([:], "uids cannot be empty"),
                (["uids": "bot_a"], "uids has the wrong type"),
                (["uids": ["a#b"]], "invalid uid"),
                (["uids": ["____system"]], "built-in system uid"),
            ] {
                let response = try await http.post("/user/systemuids_remove", body)
                #expect(response.status == 400, "\(body)")
                #expect((response.json["msg"] as? String)?.contains(message) == true, "\(response.text)")
            }
            let partial = try await http.post("/user/systemuids_remove", ["uids": ["bot_a", "ghost", "phantom"]])
            #expect(partial.status == 404)
            #expect(partial.json["status"] as? Int == 404)
            #expect(partial.json["msg"] as? String == "Specified user not in system user list: ghost, phantom")
            #expect(try await uids(server) == ["bot_a", "bot_b"])

            let removed = try await http.post("/user/systemuids_remove", ["uids": ["bot_a"]])
            #expect(removed.status == 200)
            #expect(removed.json["status"] as? String == "ok")
            #expect(try await uids(server) == ["bot_b"])
        }
    }

    @Test("the list survives a restart; cache-only changes do not")
    func persistence() async throws {
        let directory = TestServer.temporaryDirectory()
        let first = try await TestServer.start(dataDirectory: directory)
        #expect(try await first.http.post("/user/systemuids_add", ["uids": ["durable"]]).status == 200)
        #expect(try await first.http.post("/user/systemuids_add_to_cache", ["uids": ["fleeting"]]).status == 200)
        #expect(try await first.http.post("/user/systemuids_remove_from_cache", ["uids": ["nobody"]]).status == 404)
        try await first.stop()
        let second = try await TestServer.start(dataDirectory: directory)
        #expect(try await uids(second) == ["durable"])
        // The cache-only uid is gone after the restart: it is judged as an ordinary user.
        try await second.createGroup("room", subscribers: ["member"])
        let fleeting = try await second.connect("fleeting")
        #expect(
            try await fleeting.send(channelID: "room", channelType: 2, payload: textPayload("x")).reasonCode
                == .subscriberNotExist)
        await fleeting.close()
        try await second.stopAndRemoveData()
    }

    @Test("removal is immediate: an open connection's next SEND is judged as an ordinary user's")
    func removalIsImmediate() async throws {
        try await withTestServer { server in
            try await server.createGroup("ops", subscribers: ["member"])
            #expect(
                try await server.http.post(
                    "/channel/blacklist_add", ["channel_id": "ops", "channel_type": 2, "uids": ["bot"]]
                ).status == 200)
            let bot = try await server.connect("bot")
            // Not a system user yet: denylisted.
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("1")).reasonCode
                    == .inBlacklist)
            #expect(try await server.http.post("/user/systemuids_add", ["uids": ["bot"]]).status == 200)
            // A system user bypasses the denylist, subscriber and allowlist checks.
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("2")).reasonCode == .success)
            #expect(
                try await server.http.post(
                    "/channel/blacklist_remove", ["channel_id": "ops", "channel_type": 2, "uids": ["bot"]]
                ).status == 200)
            #expect(
                try await server.http.post(
                    "/channel/whitelist_add", ["channel_id": "ops", "channel_type": 2, "uids": ["member"]]
                ).status == 200)
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("3")).reasonCode == .success)

            #expect(try await server.http.post("/user/systemuids_remove", ["uids": ["bot"]]).status == 200)
            // Same connection, still open, next SEND: not a subscriber.
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("4")).reasonCode
                    == .subscriberNotExist)
            await bot.close()
        }
    }

    @Test("a channel created with system: 1 accepts messages from system users only")
    func systemChannel() async throws {
        try await withTestServer { server in
            let created = try await server.http.post(
                "/channel",
                [
                    "channel_id": "announcements", "channel_type": 2, "system": 1,
                    "subscribers": ["reader", "announcer"],
                ])
            #expect(created.status == 200)
            let reader = try await server.connect("reader")
            let inbox = MessageInbox(reader)
            let announcer = try await server.connect("announcer")
            #expect(
                try await announcer.send(channelID: "announcements", channelType: 2, payload: textPayload("no"))
                    .reasonCode == .notAllowSend)
            #expect(try await server.http.post("/user/systemuids_add", ["uids": ["announcer"]]).status == 200)
            #expect(
                try await announcer.send(channelID: "announcements", channelType: 2, payload: textPayload("yes"))
                    .reasonCode == .success)
            #expect(try await inbox.next().payload == textPayload("yes"))
            #expect(try await server.http.post("/user/systemuids_remove", ["uids": ["announcer"]]).status == 200)
            #expect(
                try await announcer.send(channelID: "announcements", channelType: 2, payload: textPayload("no"))
                    .reasonCode == .notAllowSend)
            let viaAPI = try await server.http.post(
                "/message/send",
                ["from_uid": "reader", "channel_id": "announcements", "channel_type": 2, "payload": "eyJhIjoxfQ=="])
            #expect(viaAPI.status == 403)
            #expect(viaAPI.json["reason_code"] as? Int == 11)
            await reader.close()
            await announcer.close()
        }
    }

    @Test("the per-user send limit answers 22 (429 over HTTP); system users are exempt until removed")
    func rateLimit() async throws {
        // The clock moves only when told to: no token comes back while the test runs, however slow the machine.
        let clock = ManualClock()
        try await withTestServer(
            clock: clock,
            configure: {
                $0.userSendRate = 0.5
                $0.userSendBurst = 5
            }
        ) { server in
            try await server.createGroup("chat", subscribers: ["chatty", "bot"])
            let chatty = try await server.connect("chatty")
            var reasons: [ReasonCode] = []
            for index in 0..<7 {
                reasons.append(
                    try await chatty.send(channelID: "chat", channelType: 2, payload: textPayload("\(index)"))
                        .reasonCode)
            }
            #expect(reasons == Array(repeating: .success, count: 5) + [.rateLimit, .rateLimit])
            let overHTTP = try await server.http.post(
                "/message/send",
                ["from_uid": "chatty", "channel_id": "chat", "channel_type": 2, "payload": "eyJhIjoxfQ=="])
            #expect(overHTTP.status == 429)
            #expect(overHTTP.json["reason_code"] as? Int == 22)
            // Two seconds at 0.5 per second bring one token back.
            clock.advance(by: .seconds(2))
            let refilled = [
                try await chatty.send(channelID: "chat", channelType: 2, payload: textPayload("r0")).reasonCode,
                try await chatty.send(channelID: "chat", channelType: 2, payload: textPayload("r1")).reasonCode,
            ]
            #expect(refilled == [.success, .rateLimit])

            #expect(try await server.http.post("/user/systemuids_add", ["uids": ["bot"]]).status == 200)
            let bot = try await server.connect("bot")
            for index in 0..<20 {
                #expect(
                    try await bot.send(channelID: "chat", channelType: 2, payload: textPayload("b\(index)")).reasonCode
                        == .success)
            }
            #expect(try await server.http.post("/user/systemuids_remove", ["uids": ["bot"]]).status == 200)
            var botReasons: [ReasonCode] = []
            for index in 0..<7 {
                botReasons.append(
                    try await bot.send(channelID: "chat", channelType: 2, payload: textPayload("c\(index)")).reasonCode)
            }
            #expect(botReasons.filter { $0 == .rateLimit }.count == 2)
            let metrics = try await server.http.get("/metrics")
            #expect(metrics.text.contains("jindou_rate_limited_total{scope=\"user_send\"} 6"))
            await chatty.close()
            await bot.close()
        }
    }

    @Test("seed: decommission a bot: remove its system uid, then force its devices out")
    func decommissionBot() async throws {
        try await withTestServer { server in
            try await server.createGroup("support", subscribers: ["customer"])
            #expect(
                try await server.http.post("/user/systemuids_add", ["uids": ["old_chatbot_v1", "legacy_assistant"]])
                    .status == 200)
            let bot = try await server.connect("old_chatbot_v1")
            let inbox = MessageInbox(bot)
            #expect(
                try await bot.send(channelID: "support", channelType: 2, payload: textPayload("hi")).reasonCode
                    == .success)

            #expect(
                try await server.http.post("/user/systemuids_remove", ["uids": ["old_chatbot_v1", "legacy_assistant"]])
                    .status == 200)
            let quit = try await server.http.post("/user/device_quit", ["uid": "old_chatbot_v1", "device_flag": -1])
            #expect(quit.status == 200)
            let disconnect = try await inbox.nextDisconnect()
            #expect(disconnect.reasonCode == .connectKick)
            await bot.waitUntilClosed()
            // The token was wiped: the bot cannot come back with it.
            await #expect(throws: ClientError.connectRefused(.authFail)) {
                _ = try await JindouClientConnection.connect(
                    server.clientConfiguration("old_chatbot_v1", token: "token-old_chatbot_v1"))
            }
            #expect(try await server.http.post("/user/device_quit", ["uid": "never_existed"]).status == 404)
            #expect(try await uids(server) == [])
        }
    }

    @Test("seed: migrate a service: add the new uid, remove the old; each is judged at once")
    func migrateService() async throws {
        try await withTestServer { server in
            try await server.createGroup("billing", subscribers: ["customer"])
            #expect(try await server.http.post("/user/systemuids_add", ["uids": ["billing_v1"]]).status == 200)
            let old = try await server.connect("billing_v1")
            let new = try await server.connect("billing_v2")
            #expect(
                try await new.send(channelID: "billing", channelType: 2, payload: textPayload("n")).reasonCode
                    == .subscriberNotExist)
            #expect(try await server.http.post("/user/systemuids_add", ["uids": ["billing_v2"]]).status == 200)
            #expect(try await server.http.post("/user/systemuids_remove", ["uids": ["billing_v1"]]).status == 200)
            #expect(
                try await new.send(channelID: "billing", channelType: 2, payload: textPayload("n")).reasonCode
                    == .success)
            #expect(
                try await old.send(channelID: "billing", channelType: 2, payload: textPayload("o")).reasonCode
                    == .subscriberNotExist)
            #expect(try await uids(server) == ["billing_v2"])
            await old.close()
            await new.close()
        }
    }

    @Test("seed: bulk removal of 50 uids, all or nothing")
    func bulkRemoval() async throws {
        try await withTestServer { server in
            let fifty = (0..<50).map { "svc_\($0)" }
            #expect(try await server.http.post("/user/systemuids_add", ["uids": fifty + ["keeper"]]).status == 200)
            let refused = try await server.http.post("/user/systemuids_remove", ["uids": fifty + ["not_a_system_user"]])
            #expect(refused.status == 404)
            #expect((refused.json["msg"] as? String)?.hasSuffix(": not_a_system_user") == true)
            #expect(try await uids(server).count == 51)
            #expect(try await server.http.post("/user/systemuids_remove", ["uids": fifty]).status == 200)
            #expect(try await uids(server) == ["keeper"])
        }
    }

    @Test("seed: emergency revocation of several compromised uids while they are connected")
    func emergencyRevocation() async throws {
        try await withTestServer { server in
            try await server.createGroup("vault", subscribers: ["owner"])
            let compromised = ["svc_x", "svc_y"]
            #expect(try await server.http.post("/user/systemuids_add", ["uids": compromised]).status == 200)
            var connections: [JindouClientConnection] = []
            for uid in compromised {
                let connection = try await server.connect(uid)
                #expect(
                    try await connection.send(channelID: "vault", channelType: 2, payload: textPayload("ok")).reasonCode
                        == .success)
                connections.append(connection)
            }
            #expect(try await server.http.post("/user/systemuids_remove", ["uids": compromised]).status == 200)
            for connection in connections {
                #expect(
                    try await connection.send(channelID: "vault", channelType: 2, payload: textPayload("no")).reasonCode
                        == .subscriberNotExist)
            }
            for uid in compromised {
                #expect(try await server.http.post("/user/device_quit", ["uid": uid]).status == 200)
            }
            for connection in connections {
                await connection.waitUntilClosed()
            }
            let online = try await server.http.post("/user/onlinestatus", compromised)
            #expect(online.text == "[]")
        }
    }
}
