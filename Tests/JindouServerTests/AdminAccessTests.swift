import Foundation
import JindouClient
import JindouCore
import JindouProtocol
import JindouServer
import Testing

/// API tokens and roles, per-token rate limits, the open-API default, and the manager uid.
@Suite("Admin access")
struct AdminAccessTests {
    static let admin = APIToken(name: "ops", role: .admin, secret: "admin-secret-0123456789")
    static let service = APIToken(name: "backend", role: .service, secret: "service-secret-0123456789")
    static let readonly = APIToken(name: "dashboard", role: .readonly, secret: "readonly-secret-0123456789")
    static let tokens = [admin, service, readonly]

    static func start(_ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        try await TestServer.start {
            $0.apiTokens = tokens
            configure(&$0)
        }
    }

    @Test("401 without a valid token, 403 without the role, 200 with it: a privileged, an ordinary and a read route")
    func rolesPerRoute() async throws {
        // On the router, without sockets: who may call what is the HTTP API's own decision.
        try await withTestRouter(configure: { $0.apiTokens = Self.tokens }) { router in
            let http = router.http
            let privileged = ("/user/systemuids_add", ["uids": ["bot"]] as [String: Any])
            let ordinary = ("/channel", ["channel_id": "g", "channel_type": 2, "subscribers": ["a"]] as [String: Any])
            let read = "/channel/subscribers?channel_id=g&channel_type=2"

            for client in [
                http, http.with(token: "wrong-token-0123456789"), http.with(header: "Authorization", "Bearer nope"),
            ] {
                for response in [
                    try await client.post(privileged.0, privileged.1), try await client.post(ordinary.0, ordinary.1),
                    try await client.get(read),
                ] {
                    #expect(response.status == 401, "\(response)")
                    #expect(response.json["status"] as? Int == 401)
                    #expect((response.json["msg"] as? String)?.isEmpty == false)
                }
            }
            #expect(try await http.get("/health").status == 200)
            #expect(try await http.get("/docs/openapi.json").status == 200)

            let asReadonly = http.with(token: Self.readonly.secret)
            let forbidden = try await asReadonly.post(ordinary.0, ordinary.1)
            #expect(forbidden.status == 403)
            #expect(forbidden.json["msg"] as? String == "No administrative permission")
            #expect(try await asReadonly.post(privileged.0, privileged.1).status == 403)

            let asService = http.with(token: Self.service.secret)
            #expect(try await asService.post(ordinary.0, ordinary.1).status == 200)
            #expect(try await asService.post(privileged.0, privileged.1).status == 403)
            #expect(
                try await asService.post(
                    "/channel/whitelist_add", ["channel_id": "g", "channel_type": 2, "uids": ["a"]]
                )
                .status == 403)
            #expect(try await asService.get(read).status == 200)
            #expect(try await asReadonly.get(read).status == 200)
            #expect(
                try await asReadonly.post(
                    "/channel/messagesync", ["login_uid": "a", "channel_id": "g", "channel_type": 2]
                )
                .status == 200)

            // The admin token, in either header form.
            let asAdmin = http.with(header: "Authorization", "Bearer \(Self.admin.secret)")
            #expect(try await asAdmin.post(privileged.0, privileged.1).status == 200)
            #expect(try await http.with(token: Self.admin.secret).get("/user/systemuids").text == "[\"bot\"]")
            #expect(try await asAdmin.get("/audit").status == 200)
            #expect(try await asService.get("/audit").status == 403)
        }
    }

    @Test("the user-management bucket answers 429 with Retry-After, and recovers after it")
    func rateLimit() async throws {
        // One request per second per token (burst 1), on a clock that moves only when told to.
        let clock = ManualClock()
        try await withTestServer(
            clock: clock,
            configure: {
                $0.apiTokens = Self.tokens
                $0.userAPIRate = 1
            }
        ) { server in
            let http = server.http.with(token: Self.service.secret)
            #expect(try await http.post("/user/token", ["uid": "u0", "token": "t"]).status == 200)
            let limited = try await http.post("/user/token", ["uid": "u1", "token": "t"])
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "1")
            // Other routes are not in this bucket; another token has its own.
            #expect(try await http.post("/channel", ["channel_id": "g", "channel_type": 2]).status == 200)
            #expect(
                try await server.http.with(token: Self.admin.secret).post("/user/token", ["uid": "x", "token": "t"])
                    .status == 200)
            // Half the wait refills half a token: still limited, and told to come back in a second.
            clock.advance(by: .milliseconds(500))
            let early = try await http.post("/user/token", ["uid": "u2", "token": "t"])
            #expect(early.status == 429)
            #expect(early.headers["retry-after"] == "1")
            clock.advance(by: .milliseconds(500))
            #expect(try await http.post("/user/token", ["uid": "u9", "token": "t"]).status == 200)
            #expect(try await server.http.metric("jindou_rate_limited_total{scope=\"user_api\"}") == 2)
        }
    }

    @Test("the manager uid connects over WKProto with the admin token only")
    func managerUID() async throws {
        let server = try await Self.start()
        let manager = try await JindouClientConnection.connect(
            server.clientConfiguration(ReservedUID.manager, token: Self.admin.secret))
        await manager.close()
        await #expect(throws: ClientError.connectRefused(.authFail)) {
            _ = try await JindouClientConnection.connect(
                server.clientConfiguration(ReservedUID.manager, token: Self.service.secret))
        }
        try await server.stopAndRemoveData()
    }

    @Test("without tokens the API binds loopback only; another address needs tokens or --insecure-open-api")
    func openAPIDefault() async throws {
        let open = try ConfigurationLoader.load(file: nil, environment: [:], flags: [:])
        #expect(open.effectiveHTTPAddress.isLoopback)
        try open.validate()
        let exposed = try ConfigurationLoader.load(file: nil, environment: [:], flags: ["http_addr": "0.0.0.0:5001"])
        #expect(throws: ConfigurationError.self) { try exposed.validate() }
        let insecure = try ConfigurationLoader.load(
            file: nil, environment: [:], flags: ["http_addr": "0.0.0.0:5001", "insecure_open_api": "true"])
        try insecure.validate()
        #expect(throws: ConfigurationError.self) {
            _ = try ConfigurationLoader.load(
                file: nil, environment: ["JINDOU_API_TOKENS": "ops:root:0123456789abcdef"], flags: [:])
        }
        #expect(throws: ConfigurationError.self) {
            _ = try ConfigurationLoader.load(
                file: nil, environment: ["JINDOU_API_TOKENS": "ops:admin:short"], flags: [:])
        }
        // A bad token list is reported without echoing any secret.
        do {
            _ = try ConfigurationLoader.load(
                file: nil,
                environment: ["JINDOU_API_TOKENS": "ops:admin:0123456789abcdef,ops:service:fedcba9876543210"],
                flags: [:])
            Issue.record("a duplicate token name was accepted")
        } catch {
            #expect(!"\(error)".contains("0123456789abcdef"))
            #expect("\(error)".contains("used twice"))
        }

        // The real binary refuses to start, and says why.
        let process = Process()
        process.executableURL = ServerProcess.executable
        process.arguments = [
            "serve", "--data-dir", TestServer.temporaryDirectory(), "--http-addr", "0.0.0.0:0", "--tcp-addr",
            "127.0.0.1:0",
            "--ws-addr", "127.0.0.1:0",
        ]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("JINDOU_") }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("--insecure-open-api"), "\(message)")
    }

    @Test("tokens are compared in constant time: every byte, whatever the first difference")
    func constantTime() {
        #expect(ConstantTime.equals("admin-secret-0123456789", "admin-secret-0123456789"))
        #expect(!ConstantTime.equals("admin-secret-0123456789", "Admin-secret-0123456789"))
        #expect(!ConstantTime.equals("admin-secret-0123456789", "admin-secret-012345678X"))
        #expect(!ConstantTime.equals("admin-secret", "admin-secret-0123456789"))
        #expect(!ConstantTime.equals("", "x"))
        #expect(ConstantTime.equals("", ""))
    }
}
