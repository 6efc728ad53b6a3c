import Foundation
import Testing

/// A user's own credential (`Authorization: WKUser <uid>:<token>`) on the routes declared for it:
/// the user's conversations, messages and route, never another user's. On the router, without
/// sockets.
@Suite("User credentials")
struct UserCredentialTests {
    static let service = AdminAccessTests.service
    static let admin = AdminAccessTests.admin

    /// `WKUser <uid>:<token>`, both parts percent-encoded as the chat page does.
    static func credential(_ uid: String, _ token: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.!~*'()"))
        let uid = uid.addingPercentEncoding(withAllowedCharacters: allowed)!
        let token = token.addingPercentEncoding(withAllowedCharacters: allowed)!
        return "WKUser \(uid):\(token)"
    }

    static func payload(_ text: String) -> String {
        Data(#"{"type":1,"content":"\#(text)"}"#.utf8).base64EncodedString()
    }

    /// alice (web token), bob (app token), a group with alice and another without her, and a
    /// message in each channel.
    static func populate(_ http: HTTPTestClient) async throws {
        let backend = http.with(token: service.secret)
        for (uid, flag) in [("alice", 1), ("bob", 0), ("team:lead", 1)] {
            let response = try await backend.post(
                "/user/token", ["uid": uid, "token": "tok-\(uid)", "device_flag": flag])
            #expect(response.status == 200, "\(response)")
        }
        for (group, members) in [("friends", ["alice", "bob"]), ("secret", ["bob"])] {
            let response = try await backend.post(
                "/channel", ["channel_id": group, "channel_type": 2, "subscribers": members])
            #expect(response.status == 200, "\(response)")
        }
        for (from, channel, type) in [("bob", "alice", 1), ("bob", "friends", 2), ("bob", "secret", 2)] {
            let response = try await backend.post(
                "/message/send",
                ["from_uid": from, "channel_id": channel, "channel_type": type, "payload": payload("hi \(channel)")])
            #expect(response.status == 200, "\(response)")
        }
    }

    static func messagesync(_ loginUID: String, _ channel: String, _ type: Int) -> [String: Any] {
        ["login_uid": loginUID, "channel_id": channel, "channel_type": type, "limit": 10]
    }

    @Test("the user reads their own conversations, messages and route; another user's are a 403 naming the field")
    func ownDataOnly() async throws {
        try await withTestRouter(configure: { $0.apiTokens = AdminAccessTests.tokens }) { router in
            try await Self.populate(router.http)
            let alice = router.http.with(header: "Authorization", Self.credential("alice", "tok-alice"))

            let conversations = try await alice.post("/conversation/sync", ["uid": "alice", "msg_count": 1])
            #expect(conversations.status == 200, "\(conversations)")
            let list = try JSONSerialization.jsonObject(with: conversations.body) as? [[String: Any]] ?? []
            #expect(Set(list.compactMap { $0["channel_id"] as? String }) == ["bob", "friends"])
            let others = try await alice.post("/conversation/sync", ["uid": "bob"])
            #expect(others.status == 403)
            #expect((others.json["msg"] as? String)?.contains("uid must be alice") == true, "\(others)")

            let person = try await alice.post("/channel/messagesync", Self.messagesync("alice", "bob", 1))
            #expect(person.status == 200, "\(person)")
            #expect((person.json["messages"] as? [Any])?.count == 1)
            let group = try await alice.post("/channel/messagesync", Self.messagesync("alice", "friends", 2))
            #expect(group.status == 200, "\(group)")
            #expect((group.json["messages"] as? [Any])?.count == 1)
            let notMember = try await alice.post("/channel/messagesync", Self.messagesync("alice", "secret", 2))
            #expect(notMember.status == 403)
            #expect((notMember.json["msg"] as? String)?.contains("not a subscriber of channel secret") == true)
            let asBob = try await alice.post("/channel/messagesync", Self.messagesync("bob", "alice", 1))
            #expect(asBob.status == 403)
            #expect((asBob.json["msg"] as? String)?.contains("login_uid must be alice") == true, "\(asBob)")

            #expect(try await alice.get("/route?uid=alice").json["ws_addr"] is String)
            #expect(try await alice.get("/route").status == 200)
            let otherRoute = try await alice.get("/route?uid=bob")
            #expect(otherRoute.status == 403)
            #expect((otherRoute.json["msg"] as? String)?.contains("uid must be alice") == true)

            let clear = try await alice.post(
                "/conversations/clearUnread", ["uid": "alice", "channel_id": "bob", "channel_type": 1])
            #expect(clear.status == 200, "\(clear)")
            let clearOther = try await alice.post(
                "/conversations/clearUnread", ["uid": "alice", "channel_id": "secret", "channel_type": 2])
            #expect(clearOther.status == 403)

            // A key given twice means the same to the check and to the handler: never bob's data.
            for raw in [#"{"uid":"bob","uid":"alice"}"#, #"{"uid":"alice","uid":"bob"}"#] {
                let twice = try await alice.post("/conversation/sync", raw: Data(raw.utf8))
                #expect(twice.status == 403 || (twice.status == 200 && !twice.text.contains("secret")), "\(twice)")
            }

            // A token set for another device flag works too (bob's is for the app), and percent-encoding
            // lets a uid hold a colon.
            let bob = router.http.with(header: "Authorization", Self.credential("bob", "tok-bob"))
            #expect(try await bob.post("/channel/messagesync", Self.messagesync("bob", "secret", 2)).status == 200)
            let lead = router.http.with(header: "Authorization", Self.credential("team:lead", "tok-team:lead"))
            #expect(try await lead.post("/conversation/sync", ["uid": "team:lead"]).status == 200)
        }
    }

    @Test("an invalid credential is a 401 saying why; routes not declared for users refuse it; a banned user is a 403")
    func invalidCredentials() async throws {
        try await withTestRouter(configure: { $0.apiTokens = AdminAccessTests.tokens }) { router in
            try await Self.populate(router.http)
            let body: [String: Any] = ["uid": "alice"]
            for header in [
                Self.credential("alice", "wrong"), Self.credential("nobody", "tok-alice"), "WKUser alice", "WKUser :x",
                "WKUser", Self.credential("____manager", Self.admin.secret),
            ] {
                let response = try await router.http.with(header: "Authorization", header).post(
                    "/conversation/sync", body)
                #expect(response.status == 401, "\(header): \(response)")
                #expect((response.json["msg"] as? String)?.isEmpty == false)
            }
            let wrong = try await router.http.with(header: "Authorization", Self.credential("alice", "wrong"))
                .post("/conversation/sync", body)
            #expect(wrong.json["msg"] as? String == "The user credential is not valid: unknown uid or wrong token")

            let alice = router.http.with(header: "Authorization", Self.credential("alice", "tok-alice"))
            let send = try await alice.post(
                "/message/send",
                ["from_uid": "alice", "channel_id": "bob", "channel_type": 1, "payload": Self.payload("x")])
            #expect(send.status == 401)
            #expect((send.json["msg"] as? String)?.contains("needs an API token") == true, "\(send)")
            #expect(try await alice.get("/channel/subscribers?channel_id=friends&channel_type=2").status == 401)
            #expect(try await alice.post("/conversation/channels", body).status == 401)

            let ban = try await router.http.with(token: Self.admin.secret).post(
                "/users/alice/deactivate", [String: Any]())
            #expect(ban.status == 200, "\(ban)")
            let banned = try await alice.post("/conversation/sync", body)
            #expect(banned.status == 403)
            #expect(banned.json["msg"] as? String == "The user alice is banned")
        }
    }

    @Test("user credentials are rate-limited per uid: 429 with Retry-After, other users unaffected")
    func rateLimitPerUID() async throws {
        let clock = ManualClock()
        try await withTestRouter(
            clock: clock,
            configure: {
                $0.apiTokens = AdminAccessTests.tokens
                $0.userCredentialRate = 1
            }
        ) { router in
            try await Self.populate(router.http)
            let alice = router.http.with(header: "Authorization", Self.credential("alice", "tok-alice"))
            #expect(try await alice.get("/route?uid=alice").status == 200)
            let limited = try await alice.get("/route?uid=alice")
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "1")
            // Failed attempts count too: guessing a token is no faster than the limit.
            let guess = try await router.http.with(header: "Authorization", Self.credential("alice", "guess"))
                .get("/route")
            #expect(guess.status == 429)
            let bob = router.http.with(header: "Authorization", Self.credential("bob", "tok-bob"))
            #expect(try await bob.get("/route?uid=bob").status == 200)
            clock.advance(by: .seconds(1))
            #expect(try await alice.get("/route?uid=alice").status == 200)
            #expect(try await router.http.metric("jindou_rate_limited_total{scope=\"user_credential\"}") == 2)
        }
    }

    @Test("with an open API the user's routes stay open, credential or not")
    func openAPI() async throws {
        try await withTestRouter { router in
            try await Self.populate(router.http.with(token: "ignored"))
            #expect(try await router.http.post("/conversation/sync", ["uid": "alice"]).status == 200)
            let alice = router.http.with(header: "Authorization", Self.credential("alice", "anything"))
            #expect(try await alice.post("/conversation/sync", ["uid": "bob"]).status == 200)
        }
    }
}
