import Foundation
import JindouCore
import JindouServer
import Testing

/// The read routes the web console relies on: `GET /whoami`, `GET /channel/info` and
/// `GET /user/detail`.
@Suite("Console API")
struct ConsoleAPITests {
    @Test("whoami names the token and its role; an open API says so; no token is a 401")
    func whoAmI() async throws {
        try await withTestRouter(configure: { $0.apiTokens = AdminAccessTests.tokens }) { router in
            for token in AdminAccessTests.tokens {
                let response = try await router.http.with(token: token.secret).get("/whoami")
                #expect(response.status == 200, "\(response)")
                #expect(response.json["name"] as? String == token.name)
                #expect(response.json["role"] as? String == token.role.rawValue)
                #expect(response.json["open"] as? Bool == false)
            }
            #expect(try await router.http.get("/whoami").status == 401)
            #expect(try await router.http.with(token: "wrong-token-0123456789").get("/whoami").status == 401)
        }
        try await withTestRouter { router in
            let response = try await router.http.get("/whoami")
            #expect(response.json["role"] as? String == "admin")
            #expect(response.json["open"] as? Bool == true)
        }
    }

    @Test("channel info gives the flags and list sizes of a known channel, 404 otherwise")
    func channelInfo() async throws {
        try await withTestRouter { router in
            let http = router.http
            #expect(
                try await http.post(
                    "/channel",
                    [
                        "channel_id": "room", "channel_type": 2, "send_ban": 1, "owner": "host",
                        "subscribers": ["a", "b", "c"],
                    ]
                ).status == 200)
            #expect(
                try await http.post("/channel/whitelist_add", ["channel_id": "room", "channel_type": 2, "uids": ["a"]])
                    .status == 200)
            let info = try await http.get("/channel/info?channel_id=room&channel_type=2")
            #expect(info.status == 200, "\(info)")
            #expect(info.json["send_ban"] as? Int == 1)
            #expect(info.json["ban"] as? Int == 0)
            #expect(info.json["owner"] as? String == "host")
            #expect(info.json["subscribers"] as? Int == 3)
            #expect(info.json["allowlist"] as? Int == 1)
            #expect(info.json["denylist"] as? Int == 0)
            #expect(try await http.get("/channel/info?channel_id=nowhere&channel_type=2").status == 404)
            let missing = try await http.get("/channel/info?channel_type=2")
            #expect(missing.status == 400)
            #expect((missing.json["msg"] as? String)?.lowercased().contains("channel id") == true, "\(missing)")
            // POST /channel/info still updates the flags.
            #expect(
                try await http.post("/channel/info", ["channel_id": "room", "channel_type": 2, "ban": 1]).status == 200)
            let after = try await http.get("/channel/info?channel_id=room&channel_type=2")
            #expect(after.json["ban"] as? Int == 1)
            #expect(after.json["send_ban"] as? Int == 0)
        }
    }

    @Test("user detail shows registration, ban, system user, devices and online state")
    func userDetail() async throws {
        try await withTestServer(configure: { $0.protectedSystemUIDs = ["keeper"] }) { server in
            let http = server.http
            _ = try await server.registerToken("alice")
            _ = try await server.registerToken("alice", token: "web-alice", deviceFlag: 1)
            var detail = try await http.get("/user/detail?uid=alice")
            #expect(detail.status == 200, "\(detail)")
            #expect(detail.json["exists"] as? Bool == true)
            #expect(detail.json["devices"] as? Int == 2)
            #expect(detail.json["online"] as? Bool == false)
            #expect(detail.json["banned"] as? Bool == false)
            #expect(detail.json["created_at"] as? Int != nil)

            let alice = try await server.connect("alice")
            detail = try await http.get("/user/detail?uid=alice")
            #expect(detail.json["online"] as? Bool == true)
            #expect(detail.json["connections"] as? Int == 1)
            #expect(detail.json["last_active_at"] as? Int != nil)
            await alice.close()

            #expect(try await http.post("/users/alice/deactivate", [String: Any]()).status == 200)
            #expect(try await http.get("/user/detail?uid=alice").json["banned"] as? Bool == true)

            #expect(try await http.post("/user/systemuids_add", ["uids": ["keeper"]]).status == 200)
            let keeper = try await http.get("/user/detail?uid=keeper")
            #expect(keeper.status == 200)
            #expect(keeper.json["exists"] as? Bool == false)
            #expect(keeper.json["is_system_user"] as? Bool == true)
            #expect(keeper.json["protected"] as? Bool == true)

            #expect(try await http.get("/user/detail?uid=nobody").status == 404)
            let missing = try await http.get("/user/detail")
            #expect(missing.status == 400)
            #expect((missing.json["msg"] as? String)?.contains("uid") == true)
        }
    }
}
