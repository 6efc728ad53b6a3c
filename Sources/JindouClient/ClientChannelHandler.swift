import JindouProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The WKProto client state machine. Inbound it takes the raw byte stream (TCP bytes or the
/// concatenated payloads of WebSocket frames); outbound it takes ``ClientCommand``s and emits one
/// `ByteBuffer` per packet.
///
/// It sends CONNECT once the channel is active, completes the handshake promise on CONNACK,
/// verifies and decrypts RECVs (acking them when `autoAck` is on), and matches SENDACKs and PONGs to
/// pending requests. Everything runs on the channel's event loop.
final class ClientChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Never
    typealias OutboundIn = ClientCommand
    typealias OutboundOut = ByteBuffer

    private enum State {
        case idle
        case awaitingConnack
        case connected(SessionCipher)
        case closed
    }

    /// A send waiting for its SENDACK.
    private struct PendingSend {
        var promise: EventLoopPromise<SendackPacket>
        var timeout: Scheduled<Void>?
    }

    /// A ping waiting for its PONG.
    private struct PendingPing {
        var id: UInt64
        var promise: EventLoopPromise<Void>
        var timeout: Scheduled<Void>
    }

    private let setup: ConnectionSetup
    private let sendTimeout: TimeAmount?
    private var state: State = .idle
    private var decoder: PacketDecoder
    private var version: UInt8
    private var cumulation: ByteBuffer?
    private var needsFlush = false
    /// Sends by clientSeq. A second send with a clientSeq already pending waits in `queuedSends`.
    private var pendingSends: [UInt32: PendingSend] = [:]
    private var queuedSends: [UInt32: [PendingSend]] = [:]
    private var pendingPings = CircularBuffer<PendingPing>()
    private var nextPingID: UInt64 = 0

    init(setup: ConnectionSetup) {
        self.setup = setup
        self.version = setup.configuration.protocolVersion
        self.decoder = PacketDecoder(
            version: setup.configuration.protocolVersion,
            maxRemainingLength: setup.configuration.maxPacketSize
        )
        self.sendTimeout = setup.configuration.sendTimeout.map { TimeAmount($0) }
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        // Over WebSocket the handler is added after the upgrade, when the channel is long active.
        if context.channel.isActive {
            self.startHandshake(context: context)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.startHandshake(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.shutDown(error: .closed)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.shutDown(error: .closed)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let clientError: ClientError =
            if let error = error as? ClientError {
                error
            } else if error is ProtocolError {
                .protocolViolation(String(describing: error))
            } else {
                .io(String(describing: error))
            }
        self.fail(context: context, error: clientError)
    }

    private func startHandshake(context: ChannelHandlerContext) {
        guard case .idle = self.state else { return }
        self.state = .awaitingConnack
        let configuration = self.setup.configuration
        let connect = ConnectPacket(
            version: configuration.protocolVersion,
            deviceFlag: configuration.deviceFlag,
            deviceID: configuration.deviceID,
            uid: configuration.uid,
            token: configuration.token,
            clientTimestamp: Self.nowMilliseconds(),
            clientKey: self.setup.keyPair.publicKeyBase64
        )
        self.writePacket(.connect(connect), context: context, promise: nil)
        context.flush()
    }

    /// Records the error, tells the event stream, fails the handshake and closes the channel.
    private func fail(context: ChannelHandlerContext, error: ClientError) {
        if case .closed = self.state { return }
        self.setup.shared.lastError.withLock { $0 = error }
        self.setup.events.yield(.connectionError(error))
        self.setup.handshake.fail(error)
        self.shutDown(error: .closed)
        context.close(promise: nil)
    }

    /// Fails everything pending and finishes the streams; idempotent.
    private func shutDown(error: ClientError) {
        if case .closed = self.state { return }
        self.state = .closed
        self.setup.shared.closed.store(true, ordering: .releasing)
        self.setup.handshake.fail(error)
        let sends = self.pendingSends
        let queued = self.queuedSends
        self.pendingSends = [:]
        self.queuedSends = [:]
        for pending in sends.values {
            pending.timeout?.cancel()
            pending.promise.fail(error)
        }
        for list in queued.values {
            for pending in list {
                pending.timeout?.cancel()
                pending.promise.fail(error)
            }
        }
        while let ping = self.pendingPings.popFirst() {
            ping.timeout.cancel()
            ping.promise.fail(error)
        }
        self.cumulation = nil
        self.setup.messages.finish()
        self.setup.events.finish()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = self.unwrapInboundIn(data)
        if case .closed = self.state { return }
        var buffer: ByteBuffer
        if var existing = self.cumulation.take() {
            existing.writeBuffer(&incoming)
            buffer = existing
        } else {
            buffer = incoming
        }
        do {
            while let packet = try self.decoder.decode(buffer: &buffer) {
                self.handle(packet, context: context)
                if case .closed = self.state { return }
            }
        } catch {
            self.fail(context: context, error: .protocolViolation(String(describing: error)))
            return
        }
        if buffer.readableBytes > 0 {
            if buffer.readerIndex > 4096 { buffer.discardReadBytes() }
            self.cumulation = buffer
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if self.needsFlush {
            self.needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    private func handle(_ packet: Packet, context: ChannelHandlerContext) {
        switch packet {
        case .recv(let recv):
            self.handleRecv(recv, context: context)
        case .sendack(let ack):
            self.handleSendack(ack)
        case .pong:
            if let ping = self.pendingPings.popFirst() {
                ping.timeout.cancel()
                ping.promise.succeed(())
            }
        case .connack(let connack):
            self.handleConnack(connack, context: context)
        case .disconnect(let disconnect):
            self.setup.shared.lastDisconnect.withLock { $0 = disconnect }
            self.setup.events.yield(.disconnect(disconnect))
        case .event(let event):
            self.setup.events.yield(.event(event))
        case .suback(let suback):
            self.setup.events.yield(.suback(suback))
        case .connect, .send, .recvack, .ping, .sub:
            self.setup.events.yield(.unexpectedPacket(packet))
        }
    }

    private func handleConnack(_ connack: ConnackPacket, context: ChannelHandlerContext) {
        guard case .awaitingConnack = self.state else {
            self.setup.events.yield(.unexpectedPacket(.connack(connack)))
            return
        }
        guard connack.reasonCode == .success else {
            self.fail(context: context, error: .connectRefused(connack.reasonCode))
            return
        }
        let negotiated =
            connack.flags.contains(.hasServerVersion)
            ? connack.serverVersion : self.setup.configuration.protocolVersion
        let cipher: SessionCipher
        do {
            cipher = try SessionCipher(
                keyPair: self.setup.keyPair,
                peerPublicKeyBase64: connack.serverKey,
                salt: connack.salt
            )
        } catch {
            self.fail(context: context, error: .crypto(String(describing: error)))
            return
        }
        self.version = negotiated
        self.decoder.version = negotiated
        self.state = .connected(cipher)
        self.setup.handshake.succeed(
            HandshakeResult(connack: connack, negotiatedVersion: negotiated, cipher: cipher)
        )
    }

    private func handleRecv(_ recv: RecvPacket, context: ChannelHandlerContext) {
        guard case .connected(let cipher) = self.state else {
            self.setup.events.yield(.unexpectedPacket(.recv(recv)))
            return
        }
        let payload: [UInt8]
        if recv.setting.contains(.noEncrypt) {
            payload = recv.payload
        } else {
            guard cipher.hasValidMsgKey(recv) else {
                self.drop(recv, reason: .msgKeyMismatch)
                return
            }
            do {
                payload = try cipher.decrypt(recv.payload)
            } catch {
                self.drop(recv, reason: .crypto(String(describing: error)))
                return
            }
        }
        let message = ReceivedMessage(packet: recv, payload: payload)
        if let onMessage = self.setup.configuration.onMessage {
            onMessage(message)
        } else {
            self.setup.messages.yield(message)
        }
        if self.setup.configuration.autoAck {
            let ack = RecvackPacket(flags: recv.flags, messageID: recv.messageID, messageSeq: recv.messageSeq)
            self.writePacket(.recvack(ack), context: context, promise: nil)
            self.needsFlush = true
        }
    }

    private func drop(_ recv: RecvPacket, reason: ClientError) {
        self.setup.shared.droppedMessages.add(1, ordering: .relaxed)
        self.setup.events.yield(.droppedMessage(recv, reason: reason))
    }

    private func handleSendack(_ ack: SendackPacket) {
        guard let pending = self.pendingSends.removeValue(forKey: ack.clientSeq) else {
            self.setup.events.yield(.unmatchedSendack(ack))
            return
        }
        if var queue = self.queuedSends.removeValue(forKey: ack.clientSeq) {
            self.pendingSends[ack.clientSeq] = queue.removeFirst()
            if !queue.isEmpty { self.queuedSends[ack.clientSeq] = queue }
        }
        pending.timeout?.cancel()
        pending.promise.succeed(ack)
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch self.unwrapOutboundIn(data) {
        case .send(var packet, let encrypt, let ack):
            guard case .connected(let cipher) = self.state else {
                promise?.fail(ClientError.closed)
                ack?.fail(ClientError.closed)
                return
            }
            if encrypt {
                if !packet.setting.contains(.noEncrypt) {
                    packet.payload = cipher.encrypt(packet.payload)
                }
                packet.msgKey = cipher.msgKey(for: packet)
            }
            if let ack {
                self.register(ack, clientSeq: packet.clientSeq, context: context)
            }
            self.writePacket(.send(packet), context: context, promise: promise)
        case .packet(let packet):
            self.writePacket(packet, context: context, promise: promise)
        case .raw(let bytes):
            context.write(self.wrapOutboundOut(bytes), promise: promise)
        case .ping(let pong, let timeout):
            guard case .connected = self.state else {
                promise?.fail(ClientError.closed)
                pong.fail(ClientError.closed)
                return
            }
            self.registerPing(pong, timeout: timeout, context: context)
            self.writePacket(.ping, context: context, promise: promise)
        }
    }

    private func writePacket(_ packet: Packet, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        var buffer = context.channel.allocator.buffer(capacity: Self.estimatedSize(of: packet))
        PacketEncoder.encode(packet, version: self.version, into: &buffer)
        context.write(self.wrapOutboundOut(buffer), promise: promise)
    }

    private func register(_ ack: EventLoopPromise<SendackPacket>, clientSeq: UInt32, context: ChannelHandlerContext) {
        var timeout: Scheduled<Void>?
        if let sendTimeout = self.sendTimeout {
            timeout = context.eventLoop.assumeIsolated().scheduleTask(in: sendTimeout) {
                self.expireSend(ack, clientSeq: clientSeq)
            }
        }
        let pending = PendingSend(promise: ack, timeout: timeout)
        if self.pendingSends[clientSeq] == nil {
            self.pendingSends[clientSeq] = pending
        } else {
            self.queuedSends[clientSeq, default: []].append(pending)
        }
    }

    private func expireSend(_ ack: EventLoopPromise<SendackPacket>, clientSeq: UInt32) {
        if self.pendingSends[clientSeq]?.promise == ack {
            self.pendingSends[clientSeq] = nil
            if var queue = self.queuedSends.removeValue(forKey: clientSeq) {
                self.pendingSends[clientSeq] = queue.removeFirst()
                if !queue.isEmpty { self.queuedSends[clientSeq] = queue }
            }
        } else if var queue = self.queuedSends[clientSeq] {
            queue.removeAll { $0.promise == ack }
            self.queuedSends[clientSeq] = queue.isEmpty ? nil : queue
        }
        ack.fail(ClientError.timeout)
    }

    private func registerPing(_ pong: EventLoopPromise<Void>, timeout: TimeAmount, context: ChannelHandlerContext) {
        let id = self.nextPingID
        self.nextPingID &+= 1
        let scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            if let index = self.pendingPings.firstIndex(where: { $0.id == id }) {
                self.pendingPings.remove(at: index)
            }
            pong.fail(ClientError.timeout)
        }
        self.pendingPings.append(PendingPing(id: id, promise: pong, timeout: scheduled))
    }

    // MARK: Helpers

    private static func estimatedSize(of packet: Packet) -> Int {
        switch packet {
        case .send(let send): 64 + send.payload.count + send.channelID.utf8.count + send.clientMsgNo.utf8.count
        case .ping, .pong: 1
        case .recvack: 24
        default: 256
        }
    }

    private static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
