import Foundation
import JindouCore
import JindouEngine
import JindouProtocol
import JindouStorageSQLite
import Logging
import Metrics
import NIOCore
import NIOEmbedded
import Synchronization

@testable import JindouGateway

/// A gateway with a real engine over a SQLite store in a temp directory, whose connections are
/// `NIOAsyncTestingChannel`s set up as the TCP listener sets up an accepted socket: no ports, and
/// time on each connection moves only when the test advances it.
final class TestGateway: Sendable {
    let gateway: Gateway
    let storage: SQLiteStorage
    /// Every connection accepted, closed when the test ends so no timer outlives its loop.
    private let accepted = Mutex<[NIOAsyncTestingChannel]>([])

    var engine: MessagingEngine { gateway.engine }

    private init(gateway: Gateway, storage: SQLiteStorage) {
        self.gateway = gateway
        self.storage = storage
    }

    /// Runs `body` with a fresh gateway, then closes its store and deletes it.
    static func with<Result>(
        _ configuration: GatewayConfiguration = GatewayConfiguration(), _ body: (TestGateway) async throws -> Result
    ) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-gateway-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "jindou.gateway.tests")
        logger.logLevel =
            ProcessInfo.processInfo.environment["JINDOU_TEST_LOG"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
        let storage = try SQLiteStorage(directory: directory, nodeID: 1, logger: logger)
        let metrics = MessagingMetrics(factory: NOOPMetricsHandler.instance)
        let channels = ChannelRegistry()
        let sessions = SessionRegistry()
        let systemUsers = SystemUsers()
        let sendPipeline = SendPipeline(
            store: storage, channels: channels, sessions: sessions, systemUsers: systemUsers,
            ignoresPersonAllowlist: true, rateLimiter: KeyedRateLimiter(rate: 0, burst: 1),
            backlog: DeliveryBacklog(budget: 1 << 20), metrics: metrics, logger: logger)
        let engine = MessagingEngine(
            users: storage, channels: channels, sessions: sessions, systemUsers: systemUsers,
            sendPipeline: sendPipeline, metrics: metrics, adminTokens: [], logger: logger)
        let gateway = Gateway(
            engine: engine, configuration: configuration, eventLoopGroup: NIOAsyncTestingEventLoop(), logger: logger)
        let testGateway = TestGateway(gateway: gateway, storage: storage)
        let result: Result
        do {
            result = try await body(testGateway)
        } catch {
            await testGateway.closeEverything()
            throw error
        }
        await testGateway.closeEverything()
        return result
    }

    private func closeEverything() async {
        for channel in accepted.withLock({ $0 }) {
            _ = try? await channel.finish(acceptAlreadyClosed: true)
        }
        await storage.close()
    }

    /// Registers `uid`'s master device token.
    func register(_ uid: String, token: String) async throws {
        try await storage.saveDeviceToken(
            DeviceToken(uid: uid, deviceFlag: DeviceFlag(0), token: token, level: .master))
    }

    /// A newly accepted connection.
    func accept() async throws -> TestConnection {
        let channel = NIOAsyncTestingChannel()
        accepted.withLock { $0.append(channel) }
        let recorder = CloseReasonRecorder()
        let gateway = self.gateway
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(recorder)
            try gateway.initializeTCPConnection(channel)
        }.get()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40000)).get()
        return TestConnection(channel: channel, closeReasons: recorder)
    }

    /// A connection that sent CONNECT as `uid` (registering its token) and read the CONNACK.
    func authenticatedConnection(_ uid: String) async throws -> TestConnection {
        try await register(uid, token: "token-\(uid)")
        let connection = try await accept()
        let keys = SessionKeyPair.generate()
        try await connection.send(
            .connect(
                ConnectPacket(
                    version: 5, deviceFlag: 0, deviceID: "\(uid)-device", uid: uid, token: "token-\(uid)",
                    clientTimestamp: 0, clientKey: keys.publicKeyBase64)))
        guard case .connack(let connack) = try await connection.next(), connack.reasonCode == .success else {
            throw TestFailure("\(uid) was not accepted")
        }
        return connection
    }
}

/// One connection's channel, read and written as its client would.
struct TestConnection {
    let channel: NIOAsyncTestingChannel
    /// Why the handler said it closed the connection, in order.
    let closeReasons: CloseReasonRecorder

    /// Writes `packet` as the client's next bytes.
    func send(_ packet: Packet) async throws {
        try await write(PacketEncoder.encode(packet, version: 5))
    }

    /// Writes raw bytes as the client's.
    func write(_ bytes: ByteBuffer) async throws {
        try await channel.writeInbound(bytes)
    }

    /// The next packet the server wrote, waiting for it.
    func next() async throws -> Packet {
        var bytes = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        guard let packet = try PacketDecoder(version: 5).decode(buffer: &bytes), bytes.readableBytes == 0 else {
            throw TestFailure("not one whole packet: \(bytes)")
        }
        return packet
    }

    /// The packet the server wrote next, if it wrote one.
    func written() async throws -> ByteBuffer? {
        try await channel.readOutbound(as: ByteBuffer.self)
    }

    /// Advances this connection's clock, running the timers that come due.
    func advanceTime(by amount: TimeAmount) async {
        await (channel.eventLoop as! NIOAsyncTestingEventLoop).advanceTime(by: amount)
    }

    var isOpen: Bool { channel.isActive }
}

/// Records the ``CloseReason`` the connection handler sends down the pipeline before it closes.
final class CloseReasonRecorder: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = Any

    private let recorded = Mutex<[CloseReason]>([])

    var reasons: [CloseReason] { recorded.withLock { $0 } }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if let reason = event as? CloseReason { recorded.withLock { $0.append(reason) } }
        context.triggerUserOutboundEvent(event, promise: promise)
    }
}

/// A failed precondition inside a test helper.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
