import Foundation
import GRDB
import JindouClient
import JindouCore
import JindouStorageSQLite
import Testing

/// The audit trail of privilege changes, and the safe-removal tooling for system users.
@Suite("Audit trail")
struct AuditTrailTests {
    private func entries(_ http: HTTPTestClient, _ query: String = "") async throws -> [[String: Any]] {
        let response = try await http.get("/audit\(query)")
        #expect(response.status == 200, "\(response)")
        return response.json["entries"] as? [[String: Any]] ?? []
    }

    @Test("every covered action is recorded with actor, address, user agent, reason and before/after")
    func coveredActions() async throws {
        let directory = TestServer.temporaryDirectory()
        let server = try await TestServer.start(dataDirectory: directory) { $0.apiTokens = [AdminAccessTests.admin] }
        let http = server.http.with(token: AdminAccessTests.admin.secret).with(header: "User-Agent", "ops-console/1.0")
        for uid in ["u1", "u2"] {
            #expect(
                try await http.post("/user/token", ["uid": uid, "token": "t\(uid.dropFirst())", "device_level": 1])
                    .status == 200)
        }
        let calls: [(String, [String: Any], String)] = [
            ("/user/systemuids_add", ["uids": ["bot1", "bot2"], "reason": "onboarding"], "systemuids_add"),
            ("/user/systemuids_remove", ["uids": ["bot2"]], "systemuids_remove"),
            ("/user/systemuids_add_to_cache", ["uids": ["tmp"]], "systemuids_add_to_cache"),
            ("/user/systemuids_remove_from_cache", ["uids": ["tmp"]], "systemuids_remove_from_cache"),
            ("/channel", ["channel_id": "g", "channel_type": 2, "subscribers": ["u1", "u2"]], ""),
            ("/channel/whitelist_add", ["channel_id": "g", "channel_type": 2, "uids": ["u1"]], "whitelist_add"),
            ("/channel/whitelist_set", ["channel_id": "g", "channel_type": 2, "uids": ["u2"]], "whitelist_set"),
            ("/channel/whitelist_remove", ["channel_id": "g", "channel_type": 2, "uids": ["u2"]], "whitelist_remove"),
            ("/channel/whitelist_remove_all", ["channel_id": "g", "channel_type": 2], "whitelist_remove_all"),
            ("/channel/blacklist_add", ["channel_id": "g", "channel_type": 2, "uids": ["u2"]], "blacklist_add"),
            ("/channel/blacklist_set", ["channel_id": "g", "channel_type": 2, "uids": ["u1"]], "blacklist_set"),
            ("/channel/blacklist_remove", ["channel_id": "g", "channel_type": 2, "uids": ["u1"]], "blacklist_remove"),
            ("/channel/blacklist_remove_all", ["channel_id": "g", "channel_type": 2], "blacklist_remove_all"),
            ("/channel/info", ["channel_id": "g", "channel_type": 2, "ban": 1], "channel_flags"),
            ("/channel/info", ["channel_id": "g", "channel_type": 2, "ban": 1, "large": 1], ""),
        ]
        for (path, body, _) in calls {
            #expect(try await http.post(path, body).status == 200, "\(path)")
        }
        let u1 = try await JindouClientConnection.connect(server.clientConfiguration("u1", token: "t1"))
        let u2 = try await JindouClientConnection.connect(server.clientConfiguration("u2", token: "t2"))
        let connz = try await http.get("/connz")
        let ids = (connz.json["connections"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
            $0[$1["uid"] as? String ?? ""] = $1["id"] as? Int
        }
        #expect(
            try await http.with(header: "X-Audit-Reason", "abuse report").post(
                "/conn/kick", ["uid": "u1", "conn_id": ids["u1"] ?? 0]
            ).status == 200)
        #expect(try await http.post("/conn/remove", ["uid": "u2", "conn_id": ids["u2"] ?? 0]).status == 200)
        #expect(try await http.post("/user/device_quit", ["uid": "u2"]).status == 200)
        await u1.waitUntilClosed()
        await u2.waitUntilClosed()

        let all = try await entries(http, "?limit=1000")
        let expected = calls.map(\.2).filter { !$0.isEmpty } + ["conn_kick", "conn_remove", "device_quit"]
        // Newest first; exactly the privilege changes (channel creation and a flag change that does
        // not touch ban/disband/send_ban are not privilege changes).
        #expect(all.compactMap { $0["action"] as? String } == expected.reversed())
        for entry in all {
            #expect(entry["actor"] as? String == "ops")
            #expect(entry["client_ip"] as? String == "127.0.0.1")
            #expect(entry["user_agent"] as? String == "ops-console/1.0")
        }
        let added = try #require(all.last)
        #expect(added["reason"] as? String == "onboarding")
        #expect(added["uids"] as? [String] == ["bot1", "bot2"])
        #expect((added["before"] as? [String: Any])?["system_uids"] as? [String] == [])
        #expect((added["after"] as? [String: Any])?["system_uids"] as? [String] == ["bot1", "bot2"])
        let removed = try #require(all.first { $0["action"] as? String == "systemuids_remove" })
        #expect((removed["before"] as? [String: Any])?["system_uids"] as? [String] == ["bot2"])
        #expect((removed["after"] as? [String: Any])?["system_uids"] as? [String] == [])
        let set = try #require(all.first { $0["action"] as? String == "whitelist_set" })
        #expect(set["channel_id"] as? String == "g")
        #expect((set["before"] as? [String: Any])?["members"] as? [String] == ["u1"])
        #expect((set["after"] as? [String: Any])?["members"] as? [String] == ["u2"])
        let flags = try #require(all.first { $0["action"] as? String == "channel_flags" })
        #expect((flags["before"] as? [String: Any])?["ban"] as? Bool == false)
        #expect((flags["after"] as? [String: Any])?["ban"] as? Bool == true)
        let kick = try #require(all.first { $0["action"] as? String == "conn_kick" })
        #expect(kick["reason"] as? String == "abuse report")

        // Filters and paging.
        #expect(try await entries(http, "?action=whitelist_remove").count == 1)
        #expect(
            try await entries(http, "?uid=bot2").map { $0["action"] as? String } == [
                "systemuids_remove", "systemuids_add",
            ])
        #expect(try await entries(http, "?channel_id=g").count == 9)
        let firstPage = try await http.get("/audit?limit=5")
        let cursor = try #require(firstPage.json["next_cursor"] as? Int)
        let secondPage = try await entries(http, "?limit=5&cursor=\(cursor)")
        #expect(secondPage.first?["id"] as? Int == cursor - 1)
        #expect(try await entries(http, "?until=0").isEmpty)
        #expect(try await http.get("/audit?limit=0").status == 400)
        // No route changes the trail.
        #expect(try await http.send("DELETE", "/audit").status != 200)
        #expect(try await http.post("/audit", [String: Any]()).status != 200)

        // It survives a restart, and the database itself refuses edits.
        try await server.stop()
        let again = try await TestServer.start(dataDirectory: directory) { $0.apiTokens = [AdminAccessTests.admin] }
        #expect(
            try await entries(again.http.with(token: AdminAccessTests.admin.secret), "?limit=1000").count == all.count)
        try await again.stop()
        let queue = try DatabaseQueue(
            path: URL(fileURLWithPath: directory).appendingPathComponent(SQLiteStorage.fileName).path)
        #expect(throws: (any Error).self) {
            try queue.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'x'") }
        }
        #expect(throws: (any Error).self) { try queue.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        try queue.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("dry run reports and changes nothing; protected uids are refused; detail lists activity")
    func safeRemoval() async throws {
        try await withTestServer(configure: { $0.protectedSystemUIDs = ["core_bot"] }) { server in
            let http = server.http
            #expect(try await http.get("/user/systemuids").text == "[\"core_bot\"]")
            #expect(try await http.post("/user/systemuids_add", ["uids": ["old_bot", "idle_bot"]]).status == 200)
            let bot = try await server.connect("old_bot")
            #expect(
                try await bot.send(channelID: "someone", channelType: 1, payload: textPayload("hi")).reasonCode
                    == .success)

            let dry = try await http.post(
                "/user/systemuids_remove", ["uids": ["old_bot", "idle_bot", "core_bot", "nobody"], "dry_run": true])
            #expect(dry.status == 200)
            #expect(dry.json["dry_run"] as? Bool == true)
            #expect(dry.json["removable"] as? Bool == false)
            let report = Dictionary(
                uniqueKeysWithValues: (dry.json["uids"] as? [[String: Any]] ?? []).map {
                    ($0["uid"] as? String ?? "", $0)
                })
            #expect(report["old_bot"]?["is_system_user"] as? Bool == true)
            #expect(report["old_bot"]?["online"] as? Bool == true)
            #expect(report["old_bot"]?["devices"] as? Int == 1)
            #expect((report["old_bot"]?["last_active_at"] as? Int ?? 0) > 0)
            #expect(report["idle_bot"]?["online"] as? Bool == false)
            #expect(report["idle_bot"]?["last_active_at"] == nil)
            #expect(report["core_bot"]?["protected"] as? Bool == true)
            #expect(report["nobody"]?["is_system_user"] as? Bool == false)
            #expect(try await http.get("/user/systemuids").text == "[\"core_bot\",\"idle_bot\",\"old_bot\"]")
            // Only the add was audited: the dry run wrote nothing.
            #expect((try await http.get("/audit").json["entries"] as? [[String: Any]])?.count == 1)

            let protected = try await http.post("/user/systemuids_remove", ["uids": ["old_bot", "core_bot"]])
            #expect(protected.status == 403)
            #expect(protected.json["msg"] as? String == "Protected system users cannot be removed: core_bot")
            #expect(try await http.get("/user/systemuids").text == "[\"core_bot\",\"idle_bot\",\"old_bot\"]")
            #expect(try await http.post("/user/systemuids_remove_from_cache", ["uids": ["core_bot"]]).status == 403)

            let detail = try await http.get("/user/systemuids?detail=1")
            let rows = try JSONSerialization.jsonObject(with: detail.body) as? [[String: Any]] ?? []
            #expect(rows.map { $0["uid"] as? String } == ["core_bot", "idle_bot", "old_bot"])
            #expect(rows.last?["online"] as? Bool == true)
            #expect(rows.last?["connections"] as? Int == 1)
            // The weekly clean-up: remove the system users that were never active.
            let inactive = rows.filter { $0["last_active_at"] == nil && $0["protected"] as? Bool == false }.compactMap {
                $0["uid"] as? String
            }
            #expect(inactive == ["idle_bot"])
            #expect(try await http.post("/user/systemuids_remove", ["uids": inactive]).status == 200)
            await bot.close()
        }
    }

    @Test("last activity survives a restart without a write per message")
    func activityPersists() async throws {
        let directory = TestServer.temporaryDirectory()
        let first = try await TestServer.start(dataDirectory: directory)
        #expect(try await first.http.post("/user/systemuids_add", ["uids": ["worker"]]).status == 200)
        let worker = try await first.connect("worker")
        for index in 0..<20 {
            #expect(
                try await worker.send(channelID: "peer", channelType: 1, payload: textPayload("\(index)")).reasonCode
                    == .success)
        }
        await worker.close()
        try await first.stop()
        let second = try await TestServer.start(dataDirectory: directory)
        let rows =
            try JSONSerialization.jsonObject(with: try await second.http.get("/user/systemuids?detail=1").body)
            as? [[String: Any]]
        #expect((rows?.first?["last_active_at"] as? Int ?? 0) > 0)
        try await second.stopAndRemoveData()
    }
}
