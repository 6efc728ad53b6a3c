import Foundation
import JindouClient
import JindouProtocol
import JindouTestSupport
import Testing

/// The browser chat (`/chat`) and its WKProto client (`jindou-client.js`) in a real headless
/// Chromium against the real `jindou` binary: the client's crypto and codec against the
/// protocol's golden vectors, and users in separate browser windows (and a Swift client)
/// talking to each other.
@Suite("Chat in the browser", .serialized)
struct ChatBrowserTests {
    static let adminSecret = "chat-admin-secret-0123456789"
    /// The server with an admin API token: the page then has to sign in with the user credential.
    static let environment = ["JINDOU_API_TOKENS": "ops:admin:\(adminSecret)"]

    /// wkproto.md §8's vectors, shared with the Swift protocol tests.
    typealias Golden = WKProtoGoldenVectors
    /// MD5 test suite of RFC 1321 §A.5.
    static let md5Suite: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        (
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "d174ab98d277d9f5a5611c2c9f419d9f"
        ),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
    ]

    @Test("the JS client's MD5, key agreement, AES, msgKeys and packet codec match the golden vectors in Chromium")
    func goldenVectorsInTheBrowser() async throws {
        try await withBrowserAndServer { server, driver in
            try await withBrowser(driver) { browser in
                try await browser.open("http://127.0.0.1:\(server.addresses.http)/chat")
                let result = try await browser.runAsync(
                    """
                    const [golden, md5Suite, packets] = args;
                    const m = await import("/chat/jindou-client.js");
                    const out = {};
                    out.md5 = md5Suite.map(([text]) => m.md5Hex(text));
                    out.sharedMD5 = m.md5Hex(golden.sharedBase64);
                    const client = await m.importPrivateKey(m.hexDecode(golden.clientPriv));
                    const server = await m.importPrivateKey(m.hexDecode(golden.serverPriv));
                    out.clientKey = client.publicKeyBase64;
                    out.serverKey = server.publicKeyBase64;
                    const derived = await m.SessionCipher.deriveKey(client.privateKey, golden.serverKey);
                    const serverSide = await m.SessionCipher.deriveKey(server.privateKey, golden.clientKey);
                    out.shared = m.hexEncode(derived.sharedSecret);
                    out.serverShared = m.hexEncode(serverSide.sharedSecret);
                    out.sharedBase64 = derived.sharedSecretBase64;
                    out.aesKey = derived.aesKey;
                    const cipher = await m.SessionCipher.fromHandshake(client.privateKey, golden.serverKey, golden.salt);
                    out.ciphertext = m.utf8Decode(await cipher.encrypt(golden.plaintext));
                    out.decrypted = m.utf8Decode(await cipher.decrypt(m.utf8Encode(golden.ciphertext)));
                    const hello = await m.SessionCipher.fromText("1234567890abcdef", golden.salt);
                    out.hello = m.utf8Decode(await hello.encrypt("hello"));
                    out.sendMsgKey = await cipher.sendMsgKey({ clientSeq: 1, clientMsgNo: "cmn1", channelId: "u2",
                        channelType: 1, payload: m.utf8Encode(golden.ciphertext) });
                    // Every packet decoded from one stream, then from the stream fed byte by byte, and encoded again.
                    const stream = m.hexDecode(packets.map(([, hex]) => hex).join(""));
                    const decoder = new m.PacketDecoder(4);
                    decoder.push(stream);
                    const decoded = [];
                    for (let packet = decoder.next(); packet; packet = decoder.next()) decoded.push(packet);
                    out.reencoded = decoded.map((packet) => m.hexEncode(m.encodePacket(packet, 4)));
                    const split = new m.PacketDecoder(4);
                    let splitCount = 0;
                    for (const byte of stream) {
                        split.push(Uint8Array.of(byte));
                        for (let packet = split.next(); packet; packet = split.next()) splitCount += 1;
                    }
                    out.splitCount = splitCount;
                    const recv = decoded.find((packet) => packet.type === m.PacketType.recv);
                    out.recv = {
                        flags: recv.flags, setting: recv.setting, msgKey: recv.msgKey, fromUid: recv.fromUid,
                        channelId: recv.channelId, channelType: recv.channelType, expire: recv.expire,
                        clientMsgNo: recv.clientMsgNo, messageId: recv.messageId.toString(),
                        messageSeq: recv.messageSeq, timestamp: recv.timestamp,
                        payload: m.utf8Decode(recv.payload),
                        computedMsgKey: await cipher.recvMsgKey(recv),
                        plaintext: m.utf8Decode(await cipher.decrypt(recv.payload)),
                    };
                    const connack = decoded.find((packet) => packet.type === m.PacketType.connack);
                    out.connack = { serverVersion: connack.serverVersion, timeDiff: connack.timeDiff,
                        reasonCode: connack.reasonCode, serverKey: connack.serverKey, salt: connack.salt,
                        nodeId: connack.nodeId.toString() };
                    return out;
                    """,
                    [
                        [
                            "clientPriv": Golden.clientPriv, "serverPriv": Golden.serverPriv,
                            "clientKey": Golden.clientKey, "serverKey": Golden.serverKey,
                            "sharedBase64": Golden.sharedBase64, "salt": Golden.salt, "plaintext": Golden.plaintext,
                            "ciphertext": Golden.ciphertext,
                        ],
                        Self.md5Suite.map { [$0.0, $0.1] },
                        Golden.packetHex.map { [$0.name, $0.hex] },
                    ])
                let out = try #require(result as? [String: Any], "no result: \(String(describing: result))")
                #expect(out["md5"] as? [String] == Self.md5Suite.map(\.1))
                #expect(out["sharedMD5"] as? String == Golden.sharedMD5)
                #expect(out["clientKey"] as? String == Golden.clientKey)
                #expect(out["serverKey"] as? String == Golden.serverKey)
                #expect(out["shared"] as? String == Golden.shared)
                #expect(out["serverShared"] as? String == Golden.shared)
                #expect(out["sharedBase64"] as? String == Golden.sharedBase64)
                #expect(out["aesKey"] as? String == Golden.aesKey)
                #expect(out["ciphertext"] as? String == Golden.ciphertext)
                #expect(out["decrypted"] as? String == Golden.plaintext)
                #expect(out["hello"] as? String == Golden.helloCiphertext)
                #expect(out["sendMsgKey"] as? String == Golden.sendMsgKey)
                #expect(out["reencoded"] as? [String] == Golden.packetHex.map(\.hex))
                #expect((out["splitCount"] as? NSNumber)?.intValue == Golden.packetHex.count)

                let recv = try #require(out["recv"] as? [String: Any])
                #expect((recv["flags"] as? NSNumber)?.intValue == 2, "RedDot")
                #expect((recv["setting"] as? NSNumber)?.intValue == 0)
                #expect(recv["msgKey"] as? String == Golden.recvMsgKey)
                #expect(recv["computedMsgKey"] as? String == Golden.recvMsgKey)
                #expect(recv["fromUid"] as? String == "u1")
                #expect(recv["channelId"] as? String == "u1")
                #expect((recv["channelType"] as? NSNumber)?.intValue == 1)
                #expect((recv["expire"] as? NSNumber)?.intValue == 0)
                #expect(recv["clientMsgNo"] as? String == "cmn1")
                #expect(recv["messageId"] as? String == "1000")
                #expect((recv["messageSeq"] as? NSNumber)?.intValue == 1)
                #expect((recv["timestamp"] as? NSNumber)?.intValue == 1_700_000_000)
                #expect(recv["payload"] as? String == Golden.ciphertext)
                #expect(recv["plaintext"] as? String == Golden.plaintext)

                let connack = try #require(out["connack"] as? [String: Any])
                #expect((connack["serverVersion"] as? NSNumber)?.intValue == 4)
                #expect((connack["timeDiff"] as? NSNumber)?.intValue == -5)
                #expect((connack["reasonCode"] as? NSNumber)?.intValue == 1)
                #expect(connack["serverKey"] as? String == Golden.serverKey)
                #expect(connack["salt"] as? String == Golden.salt)
                #expect(connack["nodeId"] as? String == "1")
            }
        }
    }

    @Test("two users in two windows chat both ways, live and after a reload; their messages show acknowledged")
    func personChat() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let base = try await Self.prepare(server, users: ["alice", "bob"])
            try await withBrowser(driver) { alice in
                try await withBrowser(driver) { bob in
                    try await Self.signIn(alice, base, "alice")
                    try await Self.signIn(bob, base, "bob")

                    try await Self.open(alice, "bob", type: 1)
                    try await Self.sendWithEnter(alice, "hello bob <b>not bold</b>")
                    try await Self.openUnread(bob, "alice", showing: "hello bob <b>not bold</b>")
                    // Text is text: the markup is shown, not parsed.
                    #expect(try await bob.run("return document.querySelector('#messages b');") == nil)
                    try await bob.type("#compose-text", "hi alice")
                    try await bob.click("#send")
                    try await Self.waitForMessage(bob, "hi alice", state: "acknowledged")
                    try await Self.waitForMessage(alice, "hi alice", state: "received")

                    // After a reload the conversation comes back from the history.
                    try await alice.open("\(base)/chat")
                    try await alice.waitUntil(
                        "document.getElementById('connection').dataset.status === 'connected'", "alice reconnected")
                    try await Self.waitForMessage(alice, "hello bob <b>not bold</b>", state: "acknowledged")
                    try await Self.waitForMessage(alice, "hi alice", state: "received")
                    let order = try await alice.run(
                        "return [...document.querySelectorAll('#messages .body')].map((e) => e.textContent);")
                    #expect(order as? [String] == ["hello bob <b>not bold</b>", "hi alice"])
                    try await alice.screenshot(named: "chat")
                }
            }
        }
    }

    @Test("a group chat between two windows and a Swift client; a refused send shows its reason")
    func groupChat() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let base = try await Self.prepare(server, users: ["alice", "bob", "carol"])
            let admin = server.http.with(token: Self.adminSecret)
            for (group, members) in [("crew", ["alice", "bob", "carol"]), ("private", ["carol"])] {
                let created = try await admin.post(
                    "/channel", ["channel_id": group, "channel_type": 2, "subscribers": members])
                #expect(created.status == 200, "\(created)")
            }
            let carol = try await JindouClientConnection.connect(
                ClientConfiguration(
                    host: "127.0.0.1", port: server.addresses.tcp, uid: "carol", token: "token-carol", deviceFlag: 1))
            do {
                try await withBrowser(driver, width: 420, height: 800) { alice in
                    try await withBrowser(driver) { bob in
                        try await Self.signIn(alice, base, "alice")
                        try await Self.signIn(bob, base, "bob")

                        try await Self.open(alice, "crew", type: 2)
                        try await Self.sendWithEnter(alice, "hello crew")
                        try await Self.openUnread(bob, "crew", showing: "hello crew")

                        // The Swift client's message reaches both pages.
                        let ack = try await carol.send(
                            channelID: "crew", channelType: 2,
                            payload: Array(#"{"type":1,"content":"carol here"}"#.utf8))
                        #expect(ack.reasonCode == .success)
                        try await Self.waitForMessage(bob, "carol here", state: "received")
                        try await Self.waitForMessage(alice, "carol here", state: "received")
                        let sender = try await bob.run(
                            "return [...document.querySelectorAll('#messages li')].find((li) => li.textContent.includes('carol here'))?.dataset.from;"
                        )
                        #expect(sender as? String == "carol")

                        // A person message from the Swift client opens a conversation with an unread count.
                        _ = try await carol.send(
                            channelID: "bob", channelType: 1, payload: Array(#"{"type":1,"content":"psst bob"}"#.utf8))
                        try await bob.waitUntil(
                            #"document.querySelector('.conversation[data-channel-id="carol"] .unread')?.textContent === "1""#,
                            "bob's unread count for carol")

                        // A send the server refuses shows the reason's meaning.
                        try await Self.open(alice, "private", type: 2)
                        try await alice.type("#compose-text", "let me in\u{E007}")
                        try await Self.waitForMessage(alice, "let me in", state: "failed")
                        let failure = try await alice.run(
                            "return document.querySelector('#messages li[data-state=\"failed\"] .delivery').textContent;"
                        )
                        #expect(
                            (failure as? String)?.contains("not a member of this channel (reason 3)") == true,
                            "\(failure ?? "")")
                        try await alice.screenshot(named: "chat-narrow")

                        // Bob reloads: the group's history is back, his own message included.
                        try await bob.type("#compose-text", "bye crew\u{E007}")
                        try await Self.waitForMessage(bob, "bye crew", state: "acknowledged")
                        try await bob.open("\(base)/chat")
                        try await Self.waitForMessage(bob, "bye crew", state: "acknowledged")
                        try await Self.waitForMessage(bob, "hello crew", state: "received")
                        try await Self.waitForMessage(bob, "carol here", state: "received")
                    }
                }
                await carol.close()
            } catch {
                await carol.close()
                throw error
            }
        }
    }

    @Test("the client reconnects when the server drops its connection, and stops for good when kicked")
    func reconnectAndKick() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let base = try await Self.prepare(server, users: ["alice", "bob"])
            let admin = server.http.with(token: Self.adminSecret)
            try await withBrowser(driver) { alice in
                try await Self.signIn(alice, base, "alice")
                let first = try await Self.connectionIDs(of: "alice", admin)
                #expect(first.count == 1)
                let removed = try await admin.post("/conn/remove", ["uid": "alice", "conn_id": first[0]])
                #expect(removed.status == 200, "\(removed)")
                // The page comes back on a new connection by itself, and sending works on it.
                let deadline = ContinuousClock.now + .seconds(10)
                var now = first
                while now.isEmpty || now == first, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    now = try await Self.connectionIDs(of: "alice", admin)
                }
                #expect(now.count == 1 && now != first, "connections of alice: \(now)")
                try await alice.waitUntil(
                    "document.getElementById('connection').dataset.status === 'connected'", "alice reconnected")
                try await Self.open(alice, "bob", type: 1)
                try await alice.type("#compose-text", "still here\u{E007}")
                try await Self.waitForMessage(alice, "still here", state: "acknowledged")

                let kicked = try await admin.post("/conn/kick", ["uid": "alice", "conn_id": now[0]])
                #expect(kicked.status == 200, "\(kicked)")
                try await alice.waitUntil(
                    "document.getElementById('connection').dataset.status === 'kicked'", "alice kicked")
                #expect(try await alice.text("#connection").contains("server kick"))
                #expect(try await Self.connectionIDs(of: "alice", admin).isEmpty, "a kicked client does not come back")
            }
        }
    }

    @Test("a wrong token is refused at sign-in with the server's reason")
    func wrongToken() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let base = try await Self.prepare(server, users: ["alice"])
            try await withBrowser(driver) { browser in
                try await browser.open("\(base)/chat")
                try await browser.waitUntil("!document.getElementById('signin').hidden")
                try await browser.type("#signin-uid", "alice")
                try await browser.type("#signin-token", "not-her-token")
                try await browser.click("#signin-submit")
                try await browser.waitUntil(
                    "document.getElementById('signin-error').textContent.includes('not valid')", "the sign-in error")
                #expect(truthy(try await browser.run("return document.getElementById('app').hidden;")))
            }
        }
    }

    // MARK: Helpers

    /// Registers each user's web token (`token-<uid>`) and returns the page's base URL.
    static func prepare(_ server: ServerProcess, users: [String]) async throws -> String {
        let admin = server.http.with(token: adminSecret)
        for uid in users {
            let response = try await admin.post(
                "/user/token", ["uid": uid, "token": "token-\(uid)", "device_flag": 1, "device_level": 0])
            guard response.status == 200 else { throw TestFailure("token for \(uid): \(response)") }
        }
        return "http://127.0.0.1:\(server.addresses.http)"
    }

    /// The ids of `uid`'s live connections.
    static func connectionIDs(of uid: String, _ admin: HTTPTestClient) async throws -> [Int] {
        let connz = try await admin.get("/connz?uid=\(uid)")
        return (connz.json["connections"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.intValue }
    }

    static func signIn(_ browser: BrowserSession, _ base: String, _ uid: String) async throws {
        try await browser.open("\(base)/chat")
        try await browser.waitUntil("!document.getElementById('signin').hidden", "the sign-in form")
        try await browser.type("#signin-uid", uid)
        try await browser.type("#signin-token", "token-\(uid)")
        try await browser.click("#signin-submit")
        try await browser.waitUntil(
            "document.getElementById('connection').dataset.status === 'connected'", "\(uid) connected")
    }

    /// Opens a conversation by typing its id, as a user would (going back to the list first in a
    /// narrow window, where the list and the conversation take turns).
    static func open(_ browser: BrowserSession, _ id: String, type: Int) async throws {
        let narrowThread = try await browser.run(
            "return document.body.classList.contains('thread-open') && getComputedStyle(document.getElementById('back')).display !== 'none';"
        )
        if truthy(narrowThread) { try await browser.click("#back") }
        try await browser.run("document.getElementById('open-type').value = arguments[0];", [String(type)])
        try await browser.type("#open-id", id)
        try await browser.click("#open-submit")
        try await browser.waitUntil(
            "document.getElementById('thread-title').textContent === \(jsString(id))", "conversation \(id) open")
    }

    /// Sends `text` in the open conversation with the Enter key (keyboard use) and waits until it
    /// is acknowledged.
    static func sendWithEnter(_ browser: BrowserSession, _ text: String) async throws {
        try await browser.type("#compose-text", text + "\u{E007}")
        try await waitForMessage(browser, text, state: "acknowledged")
    }

    /// Waits until the conversation `id` in the list shows one unread message, opens it from the
    /// list, and waits until it shows `text` received.
    static func openUnread(_ browser: BrowserSession, _ id: String, showing text: String) async throws {
        let conversation = ".conversation[data-channel-id=\"\(id)\"]"
        try await browser.waitUntil(
            "document.querySelector('\(conversation) .unread')?.textContent === \"1\"", "an unread count of 1 for \(id)"
        )
        try await browser.click(conversation)
        try await waitForMessage(browser, text, state: "received")
    }

    /// Waits until the open conversation shows `text` in a message whose delivery state is `state`.
    static func waitForMessage(_ browser: BrowserSession, _ text: String, state: String) async throws {
        try await browser.waitUntil(
            "[...document.querySelectorAll('#messages li')].some((li) => li.dataset.state === '\(state)' && li.querySelector('.body').textContent === \(jsString(text)))",
            "\"\(text)\" \(state)")
    }

    /// `text` as a JavaScript string literal.
    static func jsString(_ text: String) -> String {
        let array = String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
