import Foundation
import JindouClient
import JindouCore
import JindouProtocol
import JindouServer
import Logging
import NIOCore

/// A real Jindou server on loopback ports chosen by the OS, with its own SQLite file in a temp dir.
final class TestServer: Sendable {
    let server: JindouServer
    let addresses: ReadyAddresses
    let dataDirectory: String
    private let task: Task<Void, any Error>

    /// Starts a server and waits until it accepts traffic; `clock` times its rate limits.
    static func start(
        dataDirectory: String? = nil, clock: any Clock<Duration> = ContinuousClock(),
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let directory = dataDirectory ?? TestServer.temporaryDirectory()
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory
        configuration.httpAddress = HostPort(host: "127.0.0.1", port: 0)
        configuration.tcpAddress = HostPort(host: "127.0.0.1", port: 0)
        configuration.wsAddress = HostPort(host: "127.0.0.1", port: 0)
        // Room for a CONNECT on a machine the parallel suite saturates; tests of the deadline set
        // their own.
        configuration.authTimeout = 15
        configure(&configuration)
        let server = JindouServer(configuration: configuration, logger: logger(), clock: clock)
        let (ready, continuation) = AsyncStream.makeStream(of: ReadyAddresses.self)
        let task = Task {
            defer { continuation.finish() }
            try await server.run(gracefulShutdownSignals: []) { addresses in continuation.yield(addresses) }
        }
        var iterator = ready.makeAsyncIterator()
        guard let addresses = await iterator.next() else {
            try await task.value
            throw TestFailure("server stopped before it was ready")
        }
        return TestServer(server: server, addresses: addresses, dataDirectory: directory, task: task)
    }

    private init(server: JindouServer, addresses: ReadyAddresses, dataDirectory: String, task: Task<Void, any Error>) {
        self.server = server
        self.addresses = addresses
        self.dataDirectory = dataDirectory
        self.task = task
    }

    /// Shuts down gracefully and waits for it.
    func stop() async throws {
        await server.shutdown()
        try await task.value
    }

    /// Stops the server and deletes its data.
    func stopAndRemoveData() async throws {
        try await stop()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }

    /// A logger that is quiet unless `JINDOU_TEST_LOG` names a level.
    static func logger() -> Logger {
        var logger = Logger(label: "jindou.test")
        logger.logLevel =
            ProcessInfo.processInfo.environment["JINDOU_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        return logger
    }

    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-test-\(UUID().uuidString)")
            .path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    // MARK: HTTP

    var http: HTTPTestClient { HTTPTestClient(host: addresses.http.host, port: addresses.http.port) }

    /// Registers a token for a user (master device by default) and returns it.
    @discardableResult
    func registerToken(
        _ uid: String, token: String? = nil, deviceFlag: UInt8 = 0, deviceLevel: UInt8 = 1
    ) async throws -> String {
        let token = token ?? "token-\(uid)"
        let response = try await http.post(
            "/user/token",
            ["uid": uid, "token": token, "device_flag": Int(deviceFlag), "device_level": Int(deviceLevel)])
        guard response.status == 200 else { throw TestFailure("token registration failed: \(response)") }
        return token
    }

    /// Creates a group with subscribers.
    func createGroup(_ id: String, subscribers: [String]) async throws {
        let response = try await http.post(
            "/channel", ["channel_id": id, "channel_type": 2, "subscribers": subscribers])
        guard response.status == 200 else { throw TestFailure("group creation failed: \(response)") }
    }

    // MARK: Clients

    /// Registers a token (unless given) and connects a client.
    func connect(
        _ uid: String, transport: ClientConfiguration.Transport = .tcp, deviceFlag: UInt8 = 0, deviceID: String? = nil,
        deviceLevel: UInt8 = 1, autoAck: Bool = true, protocolVersion: UInt8 = 5, register: Bool = true
    ) async throws -> JindouClientConnection {
        let token =
            register ? try await registerToken(uid, deviceFlag: deviceFlag, deviceLevel: deviceLevel) : "token-\(uid)"
        let port: Int
        switch transport {
        case .tcp: port = addresses.tcp.port
        case .webSocket: port = addresses.ws.port
        }
        let configuration = ClientConfiguration(
            host: "127.0.0.1", port: port, transport: transport, uid: uid, token: token, deviceFlag: deviceFlag,
            deviceID: deviceID ?? ClientConfiguration.randomDeviceID(), protocolVersion: protocolVersion,
            // Room for the full suite on two cores, where a connect once took more than the 10 s default.
            autoAck: autoAck, connectTimeout: .seconds(30))
        return try await JindouClientConnection.connect(configuration)
    }

    /// A bare TCP connection that registered `uid`'s token and sent CONNECT, for a client that
    /// misbehaves after authenticating (never reads, never acknowledges). Waits for the CONNACK.
    func rawAuthenticatedConnection(_ uid: String) async throws -> RawConnection {
        let token = try await registerToken(uid)
        let raw = try await RawConnection.open(port: addresses.tcp.port)
        let connect = ConnectPacket(
            version: 5, deviceFlag: 0, deviceID: "\(uid)-device", uid: uid, token: token,
            clientTimestamp: 0, clientKey: SessionKeyPair.generate().publicKeyBase64)
        try await raw.write(Array(PacketEncoder.encode(.connect(connect), version: 5).readableBytesView))
        guard await raw.waitForBytes(1).count > 0 else { throw TestFailure("no CONNACK for \(uid)") }
        return raw
    }

    /// A client configuration for this server's TCP port.
    func clientConfiguration(_ uid: String, token: String) -> ClientConfiguration {
        ClientConfiguration(host: "127.0.0.1", port: addresses.tcp.port, uid: uid, token: token)
    }
}

/// A failed precondition inside a test helper.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Starts a server, runs `body` with it and always stops it afterwards, also when `body` throws
/// or an expectation fails, deleting its data unless `keepData`. `clock` times its rate limits.
func withTestServer<Result>(
    dataDirectory: String? = nil, keepData: Bool = false, clock: any Clock<Duration> = ContinuousClock(),
    configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (TestServer) async throws -> Result
) async throws -> Result {
    let server = try await TestServer.start(dataDirectory: dataDirectory, clock: clock, configure: configure)
    let result: Result
    do {
        result = try await body(server)
    } catch {
        if keepData { try? await server.stop() } else { try? await server.stopAndRemoveData() }
        throw error
    }
    if keepData { try await server.stop() } else { try await server.stopAndRemoveData() }
    return result
}

/// ``withTestServer(dataDirectory:keepData:clock:configure:_:)`` on a fresh, empty `store`; returns
/// without running `body` when PostgreSQL is not installed outside CI (the cluster printed why).
func withTestServer(on store: TestStore, _ body: (TestServer) async throws -> Void) async throws {
    guard let selection = try await store.freshSelection() else { return }
    try await withTestServer(configure: { $0.store = selection }, body)
}
