import Foundation
import Testing

/// The operator console (`/console`) in a real headless Chromium against the real `jindou`
/// binary, with an admin and a readonly API token.
@Suite("Console in a browser", .serialized)
struct ConsoleBrowserTests {
    static let adminToken = "console-admin-0123456789"
    static let readonlyToken = "console-readonly-0123456789"
    static let environment = ["JINDOU_API_TOKENS": "ops:admin:\(adminToken),dashboard:readonly:\(readonlyToken)"]

    /// Opens the console, signs in with `token` and waits for the role to show.
    static func signIn(_ browser: BrowserSession, _ server: ServerProcess, token: String) async throws {
        try await browser.open("http://127.0.0.1:\(server.addresses.http)/console")
        try await browser.waitUntil("!document.getElementById('sign-in').hidden", "the sign-in form")
        try await browser.type("#token", token)
        try await browser.click("#sign-in-button")
        try await browser.waitUntil("document.getElementById('role')", "the signed-in role")
    }

    /// Shows a view through its navigation link and waits for it to be mounted.
    static func go(_ browser: BrowserSession, to view: String) async throws {
        try await browser.click(".nav a[data-view='\(view)']")
        try await browser.waitUntil("document.getElementById('view-\(view)')", "the \(view) view")
    }

    /// The page's errors, but for the 401 of the sign-in page's first `/whoami` (which asks
    /// whether the API is open before a token is typed).
    static func pageErrors(_ browser: BrowserSession) async throws -> [String] {
        try await browser.consoleLog().filter {
            $0.hasPrefix("SEVERE") && !($0.contains("/whoami - ") && $0.contains("status of 401"))
        }
    }

    /// Whether the page has an element matching `selector`.
    static func has(_ browser: BrowserSession, _ selector: String) async throws -> Bool {
        truthy(try await browser.run("return !!document.querySelector(arguments[0]);", [selector]))
    }

    static func admin(_ server: ServerProcess) -> HTTPTestClient { server.http.with(token: adminToken) }

    static func uids(_ response: HTTPTestClient.Response) -> [String] {
        (try? JSONSerialization.jsonObject(with: response.body)) as? [String] ?? []
    }

    @Test("an admin sees write actions; a readonly token sees none, and a 403 is shown as such")
    func rolesInTheConsole() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let http = Self.admin(server)
            #expect(try await http.post("/users", ["username": "alice", "nickname": "Alice"]).status == 200)
            #expect(try await http.post("/user/systemuids_add", ["uids": ["bot"]]).status == 200)
            #expect(
                try await http.post("/channel", ["channel_id": "room", "channel_type": 2, "subscribers": ["alice"]])
                    .status == 200)

            try await withBrowser(driver) { browser in
                try await Self.signIn(browser, server, token: Self.adminToken)
                #expect(try await browser.text("#role") == "admin")
                #expect(truthy(try await browser.run("return document.getElementById('open-banner').hidden;")))
                try await Self.go(browser, to: "system-users")
                try await browser.waitUntil("document.querySelector(\"input[data-uid='bot']\")")
                #expect(try await Self.has(browser, "#sysuser-add"))
                try await Self.go(browser, to: "users")
                try await browser.type("#user-find-uid", "alice")
                try await browser.click("#user-find")
                try await browser.waitUntil("document.getElementById('user-delete')", "the admin's delete button")
                #expect(try await Self.has(browser, "#register-go"))
            }

            try await withBrowser(driver) { browser in
                // A wrong token is refused on the form, with the server's message.
                try await browser.open("http://127.0.0.1:\(server.addresses.http)/console")
                try await browser.waitUntil("!document.getElementById('sign-in').hidden", "the sign-in form")
                try await browser.type("#token", "not-a-token-0123456789")
                try await browser.click("#sign-in-button")
                try await browser.waitUntil("document.getElementById('sign-in-status').textContent")
                #expect(try await browser.text("#sign-in-status") == "401 Unauthorized: The API token is not valid")

                try await Self.signIn(browser, server, token: Self.readonlyToken)
                #expect(try await browser.text("#role") == "readonly")
                try await Self.go(browser, to: "system-users")
                try await browser.waitUntil("document.querySelector('#view-system-users td')", "the system users")
                #expect(try await !Self.has(browser, "#sysuser-add, #sysuser-remove, input[data-uid]"))
                try await Self.go(browser, to: "users")
                try await browser.type("#user-find-uid", "alice")
                try await browser.click("#user-find")
                try await browser.waitUntil("document.getElementById('user-devices')", "alice's details")
                #expect(try await !Self.has(browser, "#user-ban, #user-logout, #user-delete, #register-go"))
                try await Self.go(browser, to: "channels")
                try await browser.type("#channel-id", "room")
                try await browser.click("#channel-find")
                try await browser.waitUntil("document.querySelector('#list-subscribers td')", "the subscribers")
                #expect(try await !Self.has(browser, "#flags-save, [data-remove], #subscribers-add"))
                #expect(truthy(try await browser.run("return document.getElementById('flag-ban').disabled;")))
                // The audit log is admin-only: the page says 403 with the server's message.
                try await Self.go(browser, to: "audit")
                try await browser.waitUntil("document.querySelector(\"#view-audit .status.error[data-status='403']\")")
                let refusal = try await browser.text("#view-audit .status.error")
                #expect(refusal == "403 Forbidden: No administrative permission", "\(refusal)")
                try await Self.go(browser, to: "webhooks")
                try await browser.waitUntil(
                    "document.querySelector(\"#view-webhooks .status.error[data-status='403']\")")
                try await browser.screenshot(named: "console-readonly-403")
            }
        }
    }

    @Test("without API tokens the console says the API is open")
    func openAPIBanner() async throws {
        try await withBrowserAndServer { server, driver in
            try await withBrowser(driver) { browser in
                try await browser.open("http://127.0.0.1:\(server.addresses.http)/console")
                try await browser.waitUntil("document.getElementById('role')", "the open API's role")
                #expect(try await browser.text("#role") == "admin")
                #expect(try await browser.text("#open-banner").contains("without tokens"))
            }
        }
    }

    @Test("a system user is removed through the dry-run report with a reason, which the audit page shows")
    func removeSystemUser() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let http = Self.admin(server)
            #expect(try await http.post("/user/systemuids_add", ["uids": ["bot1", "bot2"]]).status == 200)
            try await withBrowser(driver) { browser in
                try await Self.signIn(browser, server, token: Self.adminToken)
                try await Self.go(browser, to: "system-users")
                try await browser.waitUntil("document.querySelector(\"input[data-uid='bot1']\")")
                try await browser.click("input[data-uid='bot1']")
                try await browser.click("#sysuser-remove")
                try await browser.waitUntil("document.getElementById('sysuser-remove-go')", "the dry-run report")
                #expect(try await browser.text("#sysuser-removal table").contains("bot1"))
                #expect(Self.uids(try await http.get("/user/systemuids")) == ["bot1", "bot2"], "a dry run only")
                #expect(
                    truthy(try await browser.run("return document.getElementById('sysuser-remove-go').disabled;")),
                    "no removal without a reason")
                try await browser.type("#sysuser-reason", "retired by the browser test")
                try await browser.click("#sysuser-remove-go")
                try await browser.waitUntil("document.getElementById('sysuser-removed')", "the removal")
                #expect(Self.uids(try await http.get("/user/systemuids")) == ["bot2"])

                try await Self.go(browser, to: "audit")
                try await browser.type("#audit-uid", "bot1")
                try await browser.click("#audit-search")
                try await browser.waitUntil(
                    "document.getElementById('audit-entries').textContent.includes('retired by the browser test')",
                    "the audit entry with its reason")
                let entries = try await browser.text("#audit-entries")
                #expect(entries.contains("systemuids_remove"))
                #expect(entries.contains("ops"), "the token's name")
                try await browser.screenshot(named: "console-audit")
            }
        }
    }

    @Test("removing a user from a channel's allowlist in the console makes the channel refuse its sends")
    func allowlistRemoval() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let http = Self.admin(server)
            let channel: [String: Any] = ["channel_id": "vip", "channel_type": 2]
            #expect(
                try await http.post("/channel", channel.merging(["subscribers": ["alice", "bob"]]) { $1 }).status == 200
            )
            #expect(
                try await http.post("/channel/whitelist_add", channel.merging(["uids": ["alice", "bob"]]) { $1 }).status
                    == 200)
            func send(from uid: String, _ text: String) async throws -> HTTPTestClient.Response {
                let payload = Data("{\"type\":1,\"content\":\"\(text)\"}".utf8).base64EncodedString()
                return try await http.post(
                    "/message/send", channel.merging(["from_uid": uid, "payload": payload]) { $1 })
            }
            #expect(try await send(from: "alice", "before").status == 200)

            try await withBrowser(driver) { browser in
                try await Self.signIn(browser, server, token: Self.adminToken)
                try await Self.go(browser, to: "channels")
                try await browser.type("#channel-id", "vip")
                try await browser.click("#channel-find")
                try await browser.waitUntil("document.querySelector(\"#list-allowlist [data-remove='alice']\")")
                try await browser.type("#allowlist-reason", "no longer a vip")
                try await browser.click("#list-allowlist [data-remove='alice']")
                try await browser.waitUntil(
                    "document.querySelector('#list-allowlist .status.ok') && "
                        + "!document.querySelector(\"#list-allowlist [data-remove='alice']\")",
                    "alice off the allowlist")
                try await browser.click("#messages-load")
                try await browser.waitUntil("document.querySelector(\"pre.payload[data-kind='json']\")")
                #expect(try await browser.text("pre.payload").contains("\"content\": \"before\""))
                try await browser.screenshot(named: "console-channels-allowlist")
            }
            let refused = try await send(from: "alice", "after")
            #expect(refused.status == 403, "\(refused)")
            #expect(refused.json["msg"] as? String == "Sender is not in the channel's allowlist (reason 13)")
            #expect(try await send(from: "bob", "still allowed").status == 200)
            let audit = try await http.get("/audit?action=whitelist_remove").json["entries"] as? [[String: Any]] ?? []
            #expect(audit.first?["reason"] as? String == "no longer a vip")
        }
    }

    @Test("deleting a user shows the dry run's counts, which match what the deletion removed")
    func deleteUser() async throws {
        try await withBrowserAndServer(environment: Self.environment) { server, driver in
            let http = Self.admin(server)
            for uid in ["victim", "friend"] {
                #expect(
                    try await http.post("/user/token", ["uid": uid, "token": "t-\(uid)", "device_flag": 0]).status
                        == 200)
            }
            #expect(
                try await http.post("/user/token", ["uid": "victim", "token": "w", "device_flag": 1]).status == 200)
            #expect(
                try await http.post(
                    "/channel",
                    ["channel_id": "club", "channel_type": 2, "owner": "victim", "subscribers": ["victim", "friend"]]
                ).status == 200)
            #expect(
                try await http.post("/channel", ["channel_id": "lobby", "channel_type": 2, "subscribers": ["victim"]])
                    .status == 200)
            for (from, to, type) in [("victim", "club", 2), ("friend", "club", 2), ("victim", "friend", 1)] {
                let sent = try await http.post(
                    "/message/send",
                    ["from_uid": from, "channel_id": to, "channel_type": type, "payload": "eyJhIjoxfQ=="])
                #expect(sent.status == 200, "\(sent)")
            }

            try await withBrowser(driver) { browser in
                try await Self.signIn(browser, server, token: Self.adminToken)
                try await Self.go(browser, to: "users")
                try await browser.type("#user-find-uid", "victim")
                try await browser.click("#user-find")
                try await browser.waitUntil("document.getElementById('user-delete')")
                #expect(try await browser.text("#user-devices") == "2")
                try await browser.click("#user-delete")
                try await browser.click("#delete-preview")
                try await browser.waitUntil("document.getElementById('delete-go')", "the preview")
                let shown =
                    try await browser.run(
                        """
                        const counts = {};
                        for (const cell of document.querySelectorAll('#delete-confirm [data-kind]')) {
                          counts[cell.dataset.kind] = Number(cell.textContent);
                        }
                        return JSON.stringify(counts);
                        """) as? String ?? "{}"
                let preview = try JSONDecoder().decode([String: Int].self, from: Data(shown.utf8))
                #expect(preview.count == 9, "every kind is shown: \(preview)")
                #expect(preview["devices"] == 2)
                #expect(preview["owned_channels"] == 1)
                #expect(try await http.get("/users/victim").status == 200, "the preview deletes nothing")
                try await browser.screenshot(named: "console-users-delete")
                #expect(truthy(try await browser.run("return document.getElementById('delete-go').disabled;")))
                try await browser.type("#delete-typed", "victim")
                try await browser.click("#delete-go")
                try await browser.waitUntil("document.getElementById('delete-done')", "the deletion")

                #expect(try await http.get("/users/victim").status == 404)
                let audit = try await http.get("/audit?action=user_delete").json["entries"] as? [[String: Any]] ?? []
                let removed = (audit.first?["before"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
                #expect(
                    removed.filter { $0.value != 0 } == preview.filter { $0.value != 0 },
                    "previewed \(preview), removed \(removed)")
            }
        }
    }

    @Test("every view renders with data at laptop width, and the console is usable at phone width")
    func screenshots() async throws {
        try await withBrowserAndServer(
            arguments: ["--webhook-url", "http://127.0.0.1:9/unreachable"], environment: Self.environment
        ) { server, driver in
            let http = Self.admin(server)
            #expect(try await http.post("/users", ["username": "alice", "nickname": "Alice"]).status == 200)
            #expect(try await http.post("/user/systemuids_add", ["uids": ["bot"], "reason": "demo"]).status == 200)
            #expect(
                try await http.post(
                    "/channel", ["channel_id": "room", "channel_type": 2, "subscribers": ["alice", "bob"]]
                )
                .status == 200)
            try await withBrowser(driver) { browser in
                try await Self.signIn(browser, server, token: Self.adminToken)
                try await browser.waitUntil("document.getElementById('ov-version')", "the overview")
                // Two refreshes: the charts have a line.
                try await browser.waitUntil(
                    "document.querySelectorAll('#view-overview svg.chart polyline').length >= 3", timeout: .seconds(10))
                #expect(try await browser.text("#ov-version").isEmpty == false)
                try await browser.screenshot(named: "console-overview")
                for view in ["users", "system-users", "channels", "audit", "webhooks"] {
                    try await Self.go(browser, to: view)
                    try await browser.waitUntil(
                        "document.querySelector('#view-\(view) table, #view-\(view) form')", "the \(view) content")
                    if view == "users" {
                        try await browser.type("#user-find-uid", "alice")
                        try await browser.click("#user-find")
                        try await browser.waitUntil("document.getElementById('user-devices')", "alice's details")
                    }
                    if view == "channels" {
                        try await browser.type("#channel-id", "room")
                        try await browser.click("#channel-find")
                        try await browser.waitUntil("document.querySelector('#list-subscribers td')", "the subscribers")
                    }
                    try await browser.screenshot(named: "console-\(view)")
                }
                #expect(try await Self.pageErrors(browser).isEmpty)
            }
            try await withBrowser(driver, width: 390, height: 844) { browser in
                try await browser.emulateViewport(width: 390, height: 844)
                try await Self.signIn(browser, server, token: Self.adminToken)
                #expect((try await browser.run("return window.innerWidth;") as? NSNumber)?.intValue == 390)
                try await browser.waitUntil("document.getElementById('ov-version')", "the overview")
                let overflow = try await browser.run(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")
                #expect((overflow as? NSNumber)?.intValue ?? 1 <= 0, "no horizontal scrolling at phone width")
                try await browser.screenshot(named: "console-overview-phone")
                try await Self.go(browser, to: "users")
                try await browser.waitUntil("document.querySelector('#view-users td')")
                try await browser.screenshot(named: "console-users-phone")
            }
        }
    }
}
