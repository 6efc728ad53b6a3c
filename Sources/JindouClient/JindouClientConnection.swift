import JindouProtocol
import NIOCore
import NIOPosix
import Synchronization

/// One authenticated WKProto connection (TCP or WebSocket) with its session keys.
///
/// Create it with ``connect(_:eventLoopGroup:)``. All protocol work (encoding, encryption,
/// decoding, msgKey checks, decryption, acks) happens on the connection's event loop; the methods
/// here may be called from any thread or task.
public final class JindouClientConnection: Sendable {
    /// The configuration the connection was opened with.
    public let configuration: ClientConfiguration
    /// The server's CONNACK.
    public let connack: ConnackPacket
    /// The protocol version in use: CONNACK's server version, or the requested one when absent.
    public let negotiatedVersion: UInt8
    /// The session cipher derived from the key exchange (for tests that craft packets by hand).
    public let cipher: SessionCipher
    /// Verified, decrypted messages in arrival order; finishes when the connection closes.
    /// Empty when ``ClientConfiguration/onMessage`` is set.
    public let messages: AsyncStream<ReceivedMessage>
    /// DISCONNECTs, EVENTs, dropped RECVs and other notices; finishes when the connection closes.
    /// Keeps at most the newest 1,024 unread events.
    public let events: AsyncStream<ClientEvent>

    private let channel: any Channel
    private let shared: ConnectionShared
    private let lastClientSeq = Atomic<UInt32>(0)

    private init(
        configuration: ClientConfiguration,
        handshake: HandshakeResult,
        channel: any Channel,
        shared: ConnectionShared,
        messages: AsyncStream<ReceivedMessage>,
        events: AsyncStream<ClientEvent>
    ) {
        self.configuration = configuration
        self.connack = handshake.connack
        self.negotiatedVersion = handshake.negotiatedVersion
        self.cipher = handshake.cipher
        self.channel = channel
        self.shared = shared
        self.messages = messages
        self.events = events
    }

    /// The node id from CONNACK (0 below protocol version 4).
    public var nodeID: UInt64 { self.connack.nodeID }

    /// The event loop all of this connection's I/O and callbacks run on.
    public var eventLoop: any EventLoop { self.channel.eventLoop }

    /// Whether the connection has closed.
    public var isClosed: Bool { self.shared.closed.load(ordering: .acquiring) }

    /// The last DISCONNECT the server sent, if any.
    public var lastDisconnect: DisconnectPacket? { self.shared.lastDisconnect.withLock { $0 } }

    /// The error that closed the connection, if it did not close normally.
    public var closeError: ClientError? { self.shared.lastError.withLock { $0 } }

    /// How many RECVs were dropped because their msgKey or payload did not verify.
    public var droppedMessageCount: Int { self.shared.droppedMessages.load(ordering: .relaxed) }

    // MARK: Connecting

    /// Opens the socket (and the WebSocket upgrade), sends CONNECT with a fresh X25519 key and waits
    /// for CONNACK.
    ///
    /// - Throws: `.connectRefused(reason)` when CONNACK's reason is not success, `.timeout` after
    ///   `connectTimeout`, `.connectFailed` when the socket cannot be opened, `.closed` when the
    ///   server hangs up first.
    public static func connect(
        _ configuration: ClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(ClientError) -> JindouClientConnection {
        let eventLoop = eventLoopGroup.next()
        let handshake = eventLoop.makePromise(of: HandshakeResult.self)
        let (messages, messagesContinuation) = AsyncStream.makeStream(of: ReceivedMessage.self)
        let (events, eventsContinuation) = AsyncStream.makeStream(
            of: ClientEvent.self,
            bufferingPolicy: .bufferingNewest(1024)
        )
        let shared = ConnectionShared()
        let setup = ConnectionSetup(
            configuration: configuration,
            keyPair: SessionKeyPair.generate(),
            handshake: handshake,
            messages: messagesContinuation,
            events: eventsContinuation,
            shared: shared
        )
        let timeout = TimeAmount(configuration.connectTimeout)
        let handshakeDeadline = NIODeadline.now() + timeout
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try ClientPipeline.configure(channel, setup: setup)
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            handshake.fail(error)
            messagesContinuation.finish()
            eventsContinuation.finish()
            throw ClientError.wrapping(error) { .connectFailed($0) }
        }

        let deadline = eventLoop.scheduleTask(deadline: handshakeDeadline) {
            handshake.fail(ClientError.timeout)
            channel.close(promise: nil)
        }
        let result: HandshakeResult
        do {
            result = try await handshake.futureResult.get()
        } catch {
            deadline.cancel()
            channel.close(promise: nil)
            throw ClientError.wrapping(error) { .io($0) }
        }
        deadline.cancel()
        return JindouClientConnection(
            configuration: configuration,
            handshake: result,
            channel: channel,
            shared: shared,
            messages: messages,
            events: events
        )
    }

    // MARK: Sending

    /// Reserves the next clientSeq (1, 2, 3, ...), as `send` does.
    public func nextClientSeq() -> UInt32 {
        self.lastClientSeq.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Sends a message and returns its SENDACK (whatever its reason code).
    ///
    /// The payload is encrypted (unless `setting` has `.noEncrypt`) and the msgKey computed under
    /// this connection's keys. Many sends may be in flight at once; each is matched by clientSeq.
    public func send(
        channelID: String,
        channelType: UInt8,
        payload: [UInt8],
        clientMsgNo: String? = nil,
        flags: PacketFlags = [.redDot],
        setting: MessageSetting = [],
        topic: String = ""
    ) async throws(ClientError) -> SendackPacket {
        try await Self.awaiting(
            self.sendFuture(
                channelID: channelID,
                channelType: channelType,
                payload: payload,
                clientMsgNo: clientMsgNo,
                flags: flags,
                setting: setting,
                topic: topic
            )
        )
    }

    /// Like ``send(channelID:channelType:payload:clientMsgNo:flags:setting:topic:)`` but returns a
    /// future completed on the connection's event loop: no task per message.
    public func sendFuture(
        channelID: String,
        channelType: UInt8,
        payload: [UInt8],
        clientMsgNo: String? = nil,
        flags: PacketFlags = [.redDot],
        setting: MessageSetting = [],
        topic: String = ""
    ) -> EventLoopFuture<SendackPacket> {
        var setting = setting
        if !topic.isEmpty { setting.insert(.topic) }
        let packet = SendPacket(
            flags: flags,
            setting: setting,
            clientSeq: self.nextClientSeq(),
            clientMsgNo: clientMsgNo ?? RandomIdentifier.hex32(),
            channelID: channelID,
            channelType: channelType,
            msgKey: "",
            topic: topic,
            payload: payload
        )
        return self.sendPacketFuture(packet, encrypt: true)
    }

    /// Sends a SEND as given (its clientSeq is used as is) and returns the matching SENDACK.
    ///
    /// With `encrypt`, `packet.payload` is plaintext: it is encrypted and `msgKey` replaced by the
    /// correct one. Without it, payload and msgKey go on the wire unchanged (use ``cipher`` to craft
    /// them, e.g. a valid payload under a wrong msgKey).
    public func sendPacket(_ packet: SendPacket, encrypt: Bool = true) async throws(ClientError) -> SendackPacket {
        try await Self.awaiting(self.sendPacketFuture(packet, encrypt: encrypt))
    }

    /// Future-returning form of ``sendPacket(_:encrypt:)``.
    public func sendPacketFuture(_ packet: SendPacket, encrypt: Bool = true) -> EventLoopFuture<SendackPacket> {
        let ack = self.channel.eventLoop.makePromise(of: SendackPacket.self)
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        // A write that never reaches the handler (channel already gone) must still fail the ack.
        written.futureResult.whenFailure { error in
            ack.fail(ClientError.wrapping(error) { _ in .closed })
        }
        self.channel.writeAndFlush(ClientCommand.send(packet, encrypt: encrypt, ack: ack), promise: written)
        return ack.futureResult
    }

    /// Writes any packet unchanged at the negotiated version (e.g. RECVACK with chosen flags, SUB).
    public func write(_ packet: Packet) async throws(ClientError) {
        try await Self.awaiting(self.channel.writeAndFlush(ClientCommand.packet(packet)))
    }

    /// Writes raw bytes (one WebSocket frame over WebSocket), e.g. a malformed stream.
    public func writeRaw(_ bytes: [UInt8]) async throws(ClientError) {
        let buffer = self.channel.allocator.buffer(bytes: bytes)
        try await Self.awaiting(self.channel.writeAndFlush(ClientCommand.raw(buffer)))
    }

    // MARK: Receiving

    /// Sends RECVACK(messageID, messageSeq) with the RECV's header flags; for `autoAck == false`.
    public func ack(_ message: ReceivedMessage) {
        let ack = RecvackPacket(flags: message.flags, messageID: message.messageID, messageSeq: message.messageSeq)
        self.channel.writeAndFlush(ClientCommand.packet(.recvack(ack)), promise: nil)
    }

    // MARK: Liveness

    /// Sends PING and waits for PONG.
    public func ping(timeout: Duration = .seconds(5)) async throws(ClientError) {
        let pong = self.channel.eventLoop.makePromise(of: Void.self)
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { error in
            pong.fail(ClientError.wrapping(error) { _ in .closed })
        }
        let command = ClientCommand.ping(pong: pong, timeout: TimeAmount(timeout))
        self.channel.writeAndFlush(command, promise: written)
        try await Self.awaiting(pong.futureResult)
    }

    /// Closes the connection and waits until it is closed.
    public func close() async {
        try? await self.channel.close()
    }

    /// Returns once the connection is closed (by either side).
    public func waitUntilClosed() async {
        try? await self.channel.closeFuture.get()
    }

    /// A future completed when the connection is closed.
    public var closeFuture: EventLoopFuture<Void> { self.channel.closeFuture }

    // MARK: Helpers

    private static func awaiting<Value: Sendable>(_ future: EventLoopFuture<Value>) async throws(ClientError) -> Value {
        do {
            return try await future.get()
        } catch {
            throw ClientError.wrapping(error) { _ in .closed }
        }
    }
}
