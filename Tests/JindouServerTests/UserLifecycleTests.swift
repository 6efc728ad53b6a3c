import Foundation
import JindouClient
import JindouProtocol
import Testing

/// The Easemob-compatible user lifecycle: register, read, ban, force logout, delete with cascade.
@Suite("User lifecycle")
struct UserLifecycleTests {
    private func json(_ response: HTTPTestClient.Response) -> [String: Any] { response.json }

    private func entities(_ response: HTTPTestClient.Response) -> [[String: Any]] {
        response.json["entities"] as? [[String: Any]] ?? []
    }

    @Test("register one and a batch with invalid names mixed in; duplicates; get and cursor paging")
    func registerAndRead() async throws {
        try await withTestServer { server in
            let http = server.http
            let single = try await http.post("/users", ["username": "alice", "password": "pw", "nickname": "Alice"])
            #expect(single.status == 200)
            #expect(single.json["action"] as? String == "post")
            #expect(single.json["organization"] as? String == "jindou")
            #expect(single.json["applicationName"] as? String == "default")
            #expect(single.json["path"] as? String == "/users")
            let alice = try #require(entities(single).first)
            #expect(alice["username"] as? String == "alice")
            #expect(alice["type"] as? String == "user")
            #expect(alice["activated"] as? Bool == true)
            #expect(alice["nickname"] as? String == "Alice")
            #expect((alice["uuid"] as? String)?.count == 36)
            #expect((alice["created"] as? Int ?? 0) > 1_700_000_000_000)

            let duplicate = try await http.post("/users", ["username": "alice"])
            #expect(duplicate.status == 400)
            #expect(duplicate.json["error"] as? String == "duplicate_unique_property_exists")
            #expect(duplicate.json["exception"] != nil)
            #expect(duplicate.json["error_description"] != nil)
            #expect(duplicate.json["duration"] as? Int == 0)
            for bad in ["", "bad name", "a@b", String(repeating: "x", count: 65), "中文"] {
                let response = try await http.post("/users", ["username": bad])
                #expect(response.status == 400, "\(bad)")
                #expect(response.json["error"] as? String == "illegal_argument")
            }

            let batch = try await http.post(
                "/users",
                [
                    ["username": "bob"], ["username": "no way"], ["username": "carol", "nickname": "C"],
                    ["username": "alice"],
                    ["username": "dave"],
                ])
            #expect(batch.status == 200)
            #expect(entities(batch).compactMap { $0["username"] as? String } == ["bob", "carol", "dave"])
            let failures = batch.json["data"] as? [[String: Any]] ?? []
            #expect(failures.compactMap { $0["username"] as? String } == ["no way", "alice"])
            #expect(failures.allSatisfy { ($0["registerUserFailReason"] as? String)?.isEmpty == false })
            let tooMany = try await http.post("/users", (0..<61).map { ["username": "u\($0)"] })
            #expect(tooMany.status == 400)

            // A user created by /user/token is the same kind of user.
            try await server.registerToken("erin")
            let erin = try await http.get("/users/erin")
            #expect(erin.status == 200)
            #expect(erin.json["count"] as? Int == 1)
            #expect(entities(erin).first?["username"] as? String == "erin")
            let missing = try await http.get("/users/nobody")
            #expect(missing.status == 404)
            #expect(missing.json["error"] as? String == "service_resource_not_found")

            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await http.get(
                    "/users?limit=2"
                        + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                            ?? ""))
                #expect(page.status == 200)
                seen += entities(page).compactMap { $0["username"] as? String }
                cursor = page.json["cursor"] as? String
            } while cursor != nil
            #expect(seen == ["alice", "bob", "carol", "dave", "erin"])
            #expect(try await http.get("/users?limit=101").status == 400)

            #expect(try await http.get("/jindou/default/users/alice").status == 200)
            let wrongApp = try await http.get("/acme/default/users/alice")
            #expect(wrongApp.status == 404)
            #expect(wrongApp.json["error"] as? String == "organization_application_not_found")
            #expect(
                try await http.post("/jindou/other/users", ["username": "zed"]).json["error"] as? String
                    == "organization_application_not_found")
        }
    }

    @Test("ban closes connections and refuses connect and send; others can still message; unban restores")
    func banAndUnban() async throws {
        try await withTestServer { server in
            let http = server.http
            let troll = try await server.connect("troll")
            let trollInbox = MessageInbox(troll)
            let friend = try await server.connect("friend")
            let ban = try await http.post("/jindou/default/users/troll/deactivate", [String: Any]())
            #expect(ban.status == 200)
            #expect(ban.json["action"] as? String == "Deactivate user")
            #expect(entities(ban).first?["activated"] as? Bool == false)
            #expect(try await trollInbox.nextDisconnect().reasonCode == .ban)
            await troll.waitUntilClosed()
            await #expect(throws: ClientError.connectRefused(.ban)) {
                _ = try await JindouClientConnection.connect(server.clientConfiguration("troll", token: "token-troll"))
            }
            let viaAPI = try await http.post(
                "/message/send",
                ["from_uid": "troll", "channel_id": "friend", "channel_type": 1, "payload": "eyJhIjoxfQ=="])
            #expect(viaAPI.json["reason_code"] as? Int == 19)
            // Others can still message the banned user; it is kept for sync.
            #expect(
                try await friend.send(channelID: "troll", channelType: 1, payload: textPayload("hello?")).reasonCode
                    == .success)
            #expect(entities(try await http.get("/users/troll")).first?["activated"] as? Bool == false)

            let unban = try await http.post("/users/troll/activate", [String: Any]())
            #expect(unban.status == 200)
            #expect(unban.json["action"] as? String == "activate user")
            let back = try await JindouClientConnection.connect(
                server.clientConfiguration("troll", token: "token-troll"))
            #expect(
                try await back.send(channelID: "friend", channelType: 1, payload: textPayload("sorry")).reasonCode
                    == .success)
            let history = try await http.post(
                "/channel/messagesync", ["login_uid": "troll", "channel_id": "friend", "channel_type": 1])
            #expect((history.json["messages"] as? [Any])?.count == 2)
            #expect(try await http.post("/users/ghost/deactivate", [String: Any]()).status == 404)
            let actions = try await http.get("/audit?uid=troll").json["entries"] as? [[String: Any]] ?? []
            #expect(actions.compactMap { $0["action"] as? String } == ["user_unban", "user_ban"])
            await back.close()
            await friend.close()
        }
    }

    @Test("force logout closes every device; the user can log in again")
    func forceLogout() async throws {
        try await withTestServer { server in
            let phone = try await server.connect("roamer", deviceFlag: 0)
            let web = try await server.connect("roamer", deviceFlag: 1)
            let response = try await server.http.get("/users/roamer/disconnect")
            #expect(response.status == 200)
            #expect(response.json["action"] as? String == "get")
            #expect((response.json["data"] as? [String: Any])?["result"] as? Bool == true)
            #expect(response.json["count"] as? Int == 0)
            await phone.waitUntilClosed()
            await web.waitUntilClosed()
            let again = try await JindouClientConnection.connect(
                server.clientConfiguration("roamer", token: "token-roamer"))
            await again.close()
            #expect(try await server.http.get("/users/nobody/disconnect").status == 404)
        }
    }

    @Test("delete removes the user and everything that belongs to it, piece by piece", arguments: TestStore.allCases)
    func deleteCascade(_ store: TestStore) async throws {
        try await withTestServer(on: store) { server in
            let http = server.http
            for uid in ["victim", "peer", "m1", "m2", "host"] { try await server.registerToken(uid) }
            #expect(try await http.post("/user/systemuids_add", ["uids": ["victim"]]).status == 200)
            #expect(
                try await http.post(
                    "/channel",
                    ["channel_id": "shared", "channel_type": 2, "owner": "host", "subscribers": ["victim", "m1"]]
                ).status == 200)
            #expect(
                try await http.post("/channel", ["channel_id": "gated", "channel_type": 2, "subscribers": ["m1"]])
                    .status == 200)
            #expect(
                try await http.post(
                    "/channel/whitelist_add", ["channel_id": "gated", "channel_type": 2, "uids": ["victim", "m1"]]
                ).status == 200)
            #expect(
                try await http.post(
                    "/channel/blacklist_add", ["channel_id": "gated", "channel_type": 2, "uids": ["victim"]]
                ).status == 200)
            #expect(
                try await http.post(
                    "/channel",
                    [
                        "channel_id": "victims_club", "channel_type": 2, "owner": "victim",
                        "subscribers": ["victim", "m1", "m2"],
                    ]
                ).status == 200)
            #expect(
                try await http.post(
                    "/channel/blacklist_add", ["channel_id": "peer", "channel_type": 1, "uids": ["victim"]]
                ).status == 200)
            func send(_ from: String, _ to: String, _ type: Int) async throws {
                let response = try await http.post(
                    "/message/send",
                    ["from_uid": from, "channel_id": to, "channel_type": type, "payload": "eyJhIjoxfQ=="])
                #expect(response.status == 200, "\(from)→\(to): \(response)")
            }
            try await send("victim", "shared", 2)
            try await send("m1", "shared", 2)
            try await send("victim", "victims_club", 2)
            try await send("m1", "victims_club", 2)
            try await send("m2", "victim", 1)
            try await send("victim", "m2", 1)
            let victim = try await JindouClientConnection.connect(
                server.clientConfiguration("victim", token: "token-victim"))

            // A dry run announces the cascade and changes nothing.
            let preview = try await http.send("DELETE", "/users/victim?dry_run=true")
            #expect(preview.status == 200, "\(preview)")
            #expect(preview.json["dry_run"] as? Bool == true)
            #expect(preview.json["connections"] as? Int == 1)
            #expect(preview.json["owned_channels"] as? [String] == ["victims_club"])
            let previewCounts = (preview.json["counts"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
            #expect(previewCounts.count == 9, "every kind is counted: \(previewCounts)")
            #expect(try await http.get("/users/victim").status == 200, "a dry run deletes nothing")
            #expect(try await http.send("DELETE", "/users/victim?dry_run=yes").status == 400)
            #expect(try await http.send("DELETE", "/users/ghost?dry_run=true").status == 404)
            #expect(try await http.send("DELETE", "/users?limit=1&dry_run=true").status == 400, "never a real deletion")
            #expect(try await http.get("/users/victim").status == 200)

            let deleted = try await http.send("DELETE", "/users/victim")
            #expect(deleted.status == 200, "\(deleted)")
            #expect(deleted.json["action"] as? String == "delete")
            #expect(entities(deleted).first?["username"] as? String == "victim")
            await victim.waitUntilClosed()

            // Gone as a user, a device and a system user.
            #expect(try await http.get("/users/victim").status == 404)
            await #expect(throws: ClientError.connectRefused(.authFail)) {
                _ = try await JindouClientConnection.connect(
                    server.clientConfiguration("victim", token: "token-victim"))
            }
            #expect(try await http.get("/user/systemuids").text == "[]")
            // Off every list.
            #expect(try await http.get("/channel/subscribers?channel_id=shared&channel_type=2").text == "[\"m1\"]")
            #expect(try await http.get("/channel/whitelist?channel_id=gated&channel_type=2").text == "[\"m1\"]")
            #expect(try await http.get("/channel/blacklist?channel_id=gated&channel_type=2").text == "[]")
            #expect(try await http.get("/channel/blacklist?channel_id=peer&channel_type=1").text == "[]")
            // Its conversations and the peers' conversations with it.
            #expect(try await http.post("/conversation/channels", ["uid": "victim"]).text == "[]")
            let m2Channels = try await http.post("/conversation/channels", ["uid": "m2"]).text
            #expect(!m2Channels.contains("victim"))
            // Its person messages are gone; its group messages stay (from_uid kept).
            let person = try await http.post(
                "/channel/messagesync", ["login_uid": "m2", "channel_id": "victim", "channel_type": 1])
            #expect((person.json["messages"] as? [Any])?.isEmpty == true)
            let shared = try await http.post(
                "/channel/messagesync", ["login_uid": "m1", "channel_id": "shared", "channel_type": 2])
            #expect(
                (shared.json["messages"] as? [[String: Any]])?.compactMap { $0["from_uid"] as? String } == [
                    "victim", "m1",
                ])
            // The group it owned is gone for its members.
            #expect(try await http.get("/channel/subscribers?channel_id=victims_club&channel_type=2").status == 404)
            #expect(!(try await http.post("/conversation/channels", ["uid": "m1"]).text.contains("victims_club")))
            let m1 = try await server.connect("m1")
            #expect(
                try await m1.send(channelID: "victims_club", channelType: 2, payload: textPayload("x")).reasonCode
                    == .channelNotExist)
            await m1.close()
            // One audit record with the counts.
            let audit = try await http.get("/audit?action=user_delete").json["entries"] as? [[String: Any]] ?? []
            #expect(audit.count == 1)
            let before = audit.first?["before"] as? [String: Any] ?? [:]
            #expect(before["owned_channels"] as? Int == 1)
            #expect(before["owned_channel_ids"] as? [String] == ["victims_club"])
            #expect(before["person_channels"] as? Int == 1)
            #expect(before["person_messages"] as? Int == 2)
            #expect(before["system_uid"] as? Int == 1)
            #expect(before["devices"] as? Int == 1)
            #expect(
                before.compactMapValues { $0 as? Int }.filter { $0.value != 0 }
                    == previewCounts.filter { $0.value != 0 },
                "the dry run's counts are what the deletion removed")
            // A second DELETE is a 404.
            let again = try await http.send("DELETE", "/users/victim")
            #expect(again.status == 404)
            #expect(again.json["error"] as? String == "service_resource_not_found")
        }
    }

    @Test(
        "purge_messages=true removes its group messages too; DELETE /users?limit= deletes the oldest",
        arguments: TestStore.allCases)
    func purgeAndBatchDelete(_ store: TestStore) async throws {
        try await withTestServer(on: store) { server in
            let http = server.http
            for uid in ["first", "second", "third"] {
                #expect(try await http.post("/users", ["username": uid]).status == 200)
            }
            #expect(
                try await http.post(
                    "/channel", ["channel_id": "room", "channel_type": 2, "subscribers": ["first", "third"]]
                ).status == 200)
            for from in ["first", "third", "first"] {
                #expect(
                    try await http.post(
                        "/message/send",
                        ["from_uid": from, "channel_id": "room", "channel_type": 2, "payload": "eyJhIjoxfQ=="]
                    ).status == 200)
            }
            #expect(try await http.send("DELETE", "/users/first?purge_messages=true").status == 200)
            let room = try await http.post(
                "/channel/messagesync", ["login_uid": "third", "channel_id": "room", "channel_type": 2])
            #expect((room.json["messages"] as? [[String: Any]])?.compactMap { $0["from_uid"] as? String } == ["third"])
            let oldest = try await http.send("DELETE", "/users?limit=1")
            #expect(entities(oldest).compactMap { $0["username"] as? String } == ["second"])
            #expect(try await http.get("/users/third").status == 200)
        }
    }

    @Test("user-management routes share the per-token bucket and answer 429 in Easemob's envelope")
    func rateLimited() async throws {
        // One request per second per token, shared by /users and /user/*, on a clock that stands still.
        try await withTestServer(clock: ManualClock(), configure: { $0.userAPIRate = 1 }) { server in
            let created = try await server.http.post("/users", ["username": "r0"])
            let limited = try await server.http.get("/users/r0")
            #expect(created.status == 200)
            #expect(limited.status == 429)
            #expect(limited.json["error"] as? String == "resource_limited")
            let last: HTTPTestClient.Response? = limited
            #expect(last?.headers["retry-after"] != nil)
        }
    }

    @Test("a crash in the middle of a large delete leaves the user fully present or fully gone")
    func crashAtomicity() async throws {
        let directory = TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try ServerProcess.start(dataDirectory: directory, extraArguments: ["--user-send-rate", "0"])
        let http = first.http
        #expect(try await http.post("/users", ["username": "bulk"]).status == 200)
        let peers = (0..<700).map { "p\($0)" }
        let batch = try await http.post(
            "/message/sendbatch", ["from_uid": "bulk", "subscribers": peers, "payload": "eyJhIjoxfQ=="])
        #expect(batch.status == 200)
        #expect(batch.json["fail_uids"] as? [String] == [])
        for index in 0..<200 {
            #expect(
                try await http.post(
                    "/channel/subscriber_add", ["channel_id": "g\(index)", "subscribers": ["bulk", "p0"]]
                ).status == 200)
        }
        // Delete, and kill -9 while it runs.
        let deletion = Task { try? await http.send("DELETE", "/users/bulk") }
        try await Task.sleep(for: .milliseconds(15))
        first.killHard()
        _ = await deletion.value

        let second = try ServerProcess.start(dataDirectory: directory)
        defer { _ = second.terminate() }
        let present = try await second.http.get("/users/bulk").status == 200
        let own = try await second.http.post("/conversation/channels", ["uid": "bulk"])
        let ownCount = (try JSONSerialization.jsonObject(with: own.body) as? [Any])?.count ?? -1
        let peerSide = try await second.http.post("/conversation/channels", ["uid": "p699"]).text
        let subscribers = try await second.http.get("/channel/subscribers?channel_id=g199&channel_type=2").text
        print("crash during delete: the user is \(present ? "fully present" : "fully gone") after the restart")
        if present {
            #expect(ownCount == 900)
            #expect(peerSide.contains("bulk"))
            #expect(subscribers.contains("bulk"))
        } else {
            #expect(ownCount == 0)
            #expect(!peerSide.contains("bulk"))
            #expect(!subscribers.contains("bulk"))
        }
    }

    @Test("purge_messages is true or false: empty or anything else is a 400 and deletes nothing")
    func purgeMessagesIsStrict() async throws {
        try await withTestServer { server async throws in
            #expect(try await server.http.post("/users", ["username": "keeper"]).status == 200)
            for value in ["", "yes", "1"] {
                #expect(try await server.http.send("DELETE", "/users/keeper?purge_messages=\(value)").status == 400)
            }
            #expect(try await server.http.get("/users/keeper").status == 200)
            #expect(try await server.http.send("DELETE", "/users/keeper?purge_messages=false").status == 200)
        }
    }
}
