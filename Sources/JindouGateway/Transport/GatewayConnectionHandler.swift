import JindouCore
import JindouEngine
import JindouProtocol
import Logging
import NIOCore

/// One client connection, TCP or WebSocket, from CONNECT to close. Lives on its channel's event loop.
///
/// Inbound bytes are buffered and decoded packet by packet (several per read, or one split across
/// reads); until CONNECT is accepted only a CONNECT-sized packet is allowed (see
/// ``PreAuthentication``). Each RECV is encrypted and signed for this connection; RECVs that are
/// not acknowledged are resent with the same bytes after `recvRetryInterval`, a bounded number of
/// times. Unacknowledged RECVs are bounded in count and in bytes: a reader past either is a slow
/// consumer and is closed.
///
/// On shutdown the connection drains (``drain()``): it stops reading, waits for the SENDACKs of
/// the SENDs it already passed on, then sends DISCONNECT and closes.
final class GatewayConnectionHandler: ChannelDuplexHandler, SessionTransport {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case awaitingConnect
        case authenticating
        case authenticated(ClientSession, SessionCipher)
        case closed
    }

    /// A RECV waiting for its RECVACK.
    private struct PendingRecv {
        var bytes: ByteBuffer
        var sentAt: NIODeadline
        var attempts: Int
    }

    /// The most unacknowledged RECVs a connection may hold before it is treated as a slow consumer.
    static let maxPendingRecvs = 10_000
    /// A packet's fixed header: the type byte and up to four bytes of remaining length.
    static let maxFixedHeaderLength = 5

    private let engine: MessagingEngine
    private let configuration: GatewayConfiguration
    private let preAuthentication: PreAuthentication
    private let transport: String
    private var logger: Logger
    private var state: State = .awaitingConnect
    private var decoder: PacketDecoder
    private var inbound: ByteBuffer?
    private var context: ChannelHandlerContext?
    private var pending: [Int64: PendingRecv] = [:]
    /// The bytes of the RECVs in `pending`.
    private var pendingBytes = 0
    /// SENDs handed to the send pipeline whose SENDACK is not written yet.
    private var sendsInFlight = 0
    /// Shutting down: no more reading; DISCONNECT once `sendsInFlight` reaches zero.
    private var draining = false
    private var lastInbound = NIODeadline.now()
    private var started = false
    private var needsFlush = false
    private var housekeeping: RepeatedTask?
    private var remoteAddress = "unknown"

    init(
        engine: MessagingEngine, configuration: GatewayConfiguration, transport: String,
        preAuthentication: PreAuthentication
    ) {
        self.engine = engine
        self.configuration = configuration
        self.transport = transport
        self.logger = engine.logger
        self.preAuthentication = preAuthentication
        self.decoder = PacketDecoder(version: ProtocolVersion.latest, maxRemainingLength: preAuthentication.packetLimit)
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        remoteAddress = context.channel.remoteAddress?.description ?? "unknown"
        logger[metadataKey: "jindou.remote"] = "\(remoteAddress)"
        logger[metadataKey: "jindou.transport"] = "\(transport)"
    }

    func channelInactive(context: ChannelHandlerContext) {
        teardown()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        teardown()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        lastInbound = .now()
        if inbound == nil {
            inbound = bytes
        } else {
            inbound!.writeBuffer(&bytes)
        }
        if !isAuthenticated, inbound!.readableBytes > preAuthentication.packetLimit + Self.maxFixedHeaderLength {
            // Nothing may follow CONNECT before CONNACK (a client needs the server key to encrypt).
            logger.info("closing connection: too many bytes before authentication")
            closeNow(context: context, reason: .tooLarge)
            return
        }
        drainInbound(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable {
            logger.warning(
                "closing slow consumer: outbound buffer limit reached",
                metadata: ["jindou.limit": "\(configuration.outboundBufferLimit)"])
            engine.metrics.recordSlowConsumer()
            closeNow(context: context, reason: .policyViolation)
        }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("connection error", metadata: ["error": "\(error)"])
        closeNow(context: context, reason: .internalError)
    }

    private var isAuthenticated: Bool {
        if case .authenticated = state { return true }
        return false
    }

    // MARK: Decoding

    private func drainInbound(context: ChannelHandlerContext) {
        while inbound != nil {
            switch state {
            case .authenticating, .closed: return
            case .awaitingConnect, .authenticated: break
            }
            let packet: Packet?
            do {
                packet = try decoder.decode(buffer: &inbound!)
            } catch {
                logger.info("closing connection: malformed packet", metadata: ["reason": "\(error)"])
                if case .remainingLengthTooLarge = error {
                    closeNow(context: context, reason: .tooLarge)
                } else {
                    closeNow(context: context, reason: .policyViolation)
                }
                return
            }
            guard let packet else { break }
            handle(packet, context: context)
        }
        if let buffer = inbound {
            if buffer.readableBytes == 0 {
                inbound = nil
            } else if buffer.readerIndex > 64 * 1024 {
                inbound!.discardReadBytes()
            }
        }
    }

    private func handle(_ packet: Packet, context: ChannelHandlerContext) {
        switch (state, packet) {
        case (.awaitingConnect, .connect(let connect)):
            beginConnect(connect, context: context)
        case (.awaitingConnect, _):
            logger.info("closing connection: first packet is not CONNECT", metadata: ["packet": "\(packet.type)"])
            closeNow(context: context, reason: .policyViolation)
        case (.authenticated(let session, let cipher), .send(let send)):
            handleSend(send, session: session, cipher: cipher)
        case (.authenticated, .recvack(let ack)):
            if let acknowledged = pending.removeValue(forKey: ack.messageID) {
                pendingBytes -= acknowledged.bytes.capacity
            }
        case (.authenticated, .ping):
            write(.pong, context: context)
        case (.authenticated, .sub(let sub)):
            let ack = SubackPacket(
                subNo: sub.subNo, channelID: sub.channelID, channelType: sub.channelType, action: sub.action,
                reasonCode: .notSupportChannelType)
            write(.suback(ack), context: context)
        case (.authenticated, .disconnect):
            logger.debug("client sent DISCONNECT")
            closeNow(context: context, reason: .normal)
        default:
            logger.info("closing connection: unexpected packet", metadata: ["packet": "\(packet.type)"])
            closeNow(context: context, reason: .policyViolation)
        }
    }

    // MARK: CONNECT

    private func beginConnect(_ connect: ConnectPacket, context: ChannelHandlerContext) {
        if engine.isDraining {
            refuseConnect(
                .systemError, "server shutting down",
                version: ProtocolVersion.negotiate(clientVersion: connect.version),
                timeDiff: WallClock.nowMilliseconds() &- connect.clientTimestamp, context: context)
            return
        }
        state = .authenticating
        logger[metadataKey: "jindou.uid"] = "\(connect.uid)"
        let engine = self.engine
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let promise = context.eventLoop.makePromise(of: MessagingEngine.ConnectDecision.self)
        promise.completeWithTask { await engine.authenticate(connect) }
        promise.futureResult.whenSuccess { decision in
            handler.value.finishConnect(connect, decision: decision)
        }
    }

    private func finishConnect(_ connect: ConnectPacket, decision: MessagingEngine.ConnectDecision) {
        guard case .authenticating = state, let context else { return }
        let version = ProtocolVersion.negotiate(clientVersion: connect.version)
        let nowMilliseconds = WallClock.nowMilliseconds()
        let timeDiff = nowMilliseconds &- connect.clientTimestamp
        let nodeID = UInt64(configuration.nodeID)
        switch decision {
        case .refuse(let reason, let explanation):
            refuseConnect(reason, explanation, version: version, timeDiff: timeDiff, context: context)
        case .accept where engine.isDraining:
            refuseConnect(.systemError, "server shutting down", version: version, timeDiff: timeDiff, context: context)
        case .accept(let level):
            let handshake: (cipher: SessionCipher, serverKeyBase64: String, salt: String)
            do {
                handshake = try SessionCipher.serverHandshake(clientKeyBase64: connect.clientKey)
            } catch {
                refuseConnect(
                    .clientKeyIsEmpty, "bad client key: \(error)", version: version, timeDiff: timeDiff,
                    context: context)
                return
            }
            let session = ClientSession(
                id: engine.nextConnectionID(), uid: connect.uid, deviceFlag: DeviceFlag(connect.deviceFlag),
                deviceID: connect.deviceID, level: level, protocolVersion: version, remoteAddress: remoteAddress,
                transport: transport, eventLoop: context.eventLoop, connection: self)
            decoder.version = version
            preAuthentication.authenticated()
            decoder.maxRemainingLength = preAuthentication.packetLimit
            state = .authenticated(session, handshake.cipher)
            logger[metadataKey: "jindou.conn"] = "\(session.id)"
            engine.activity.touch(session.uid)
            for (old, verdict) in engine.sessions.register(session) {
                if verdict == .kick {
                    old.kick(reasonCode: .connectKick, reason: "login in other device")
                } else {
                    old.close()
                }
            }
            let connack = ConnackPacket(
                flags: connect.version > 3 ? .hasServerVersion : [], serverVersion: version, timeDiff: timeDiff,
                reasonCode: .success, serverKey: handshake.serverKeyBase64, salt: handshake.salt, nodeID: nodeID)
            write(.connack(connack), context: context)
            flushIfNeeded(context: context)
            startHousekeeping(context: context)
            logger.debug("connection authenticated", metadata: ["jindou.version": "\(version)"])
            drainInbound(context: context)
            flushIfNeeded(context: context)
        }
    }

    private func refuseConnect(
        _ reason: ReasonCode, _ explanation: String, version: UInt8, timeDiff: Int64, context: ChannelHandlerContext
    ) {
        logger.info(
            "connection refused", metadata: ["reason": "\(explanation)", "jindou.reason_code": "\(reason.rawValue)"])
        let connack = ConnackPacket(
            flags: [], serverVersion: version, timeDiff: timeDiff, reasonCode: reason, serverKey: "", salt: "",
            nodeID: UInt64(configuration.nodeID))
        state = .closed
        let bytes = PacketEncoder.encode(.connack(connack), version: version, allocator: context.channel.allocator)
        let channel = context.channel
        context.triggerUserOutboundEvent(CloseReason.policyViolation, promise: nil)
        context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: SEND

    private func handleSend(_ send: SendPacket, session: ClientSession, cipher: SessionCipher) {
        session.markSent()
        var payload = send.payload
        if !send.setting.contains(.noEncrypt) {
            guard cipher.msgKey(for: send) == send.msgKey else {
                logger.debug("SEND refused: msgKey mismatch", metadata: ["jindou.client_seq": "\(send.clientSeq)"])
                writeSendack(for: send, outcome: .refused(.msgKeyError))
                return
            }
            do {
                payload = try cipher.decrypt(send.payload)
            } catch {
                writeSendack(for: send, outcome: .refused(.payloadDecodeError))
                return
            }
        }
        let message = OutboundMessage(
            fromUID: session.uid, channelID: send.channelID, channelType: ChannelType(send.channelType),
            clientMsgNo: send.clientMsgNo, setting: send.setting, flags: send.flags, expire: send.expire,
            topic: send.topic, payload: payload)
        let handler = NIOLoopBound(self, eventLoop: session.eventLoop)
        let eventLoop = session.eventLoop
        sendsInFlight += 1
        engine.sendPipeline.submit(message, origin: session) { outcome in
            if eventLoop.inEventLoop {
                handler.value.finishSend(send, outcome: outcome)
            } else {
                eventLoop.execute { handler.value.finishSend(send, outcome: outcome) }
            }
        }
    }

    /// Writes the SENDACK of a SEND that went through the send pipeline.
    private func finishSend(_ send: SendPacket, outcome: SendOutcome) {
        sendsInFlight -= 1
        writeSendack(for: send, outcome: outcome)
        if draining && sendsInFlight == 0 { finishDrain() }
    }

    private func writeSendack(for send: SendPacket, outcome: SendOutcome) {
        guard case .authenticated(let session, _) = state, let context else { return }
        var outcome = outcome
        if !ProtocolVersion.canCarry(seq: outcome.messageSeq, version: session.protocolVersion) {
            outcome = .refused(.messageSeqExhausted)
        }
        let ack = SendackPacket(
            flags: send.flags, messageID: outcome.messageID, clientSeq: send.clientSeq,
            messageSeq: outcome.messageSeq, reasonCode: outcome.reasonCode)
        write(.sendack(ack), context: context)
        flushIfNeeded(context: context)
    }

    // MARK: Delivery

    /// Encrypts, signs and writes a RECV of `message` for this connection.
    func deliver(_ message: StoredMessage) {
        guard case .authenticated(let session, let cipher) = state, let context else { return }
        guard ProtocolVersion.canCarry(seq: message.seq, version: session.protocolVersion) else {
            logger.error(
                "message seq does not fit this connection's protocol version",
                metadata: ["jindou.seq": "\(message.seq)"])
            return
        }
        let ownMessage = message.fromUID == session.uid
        var flags = message.flags
        flags.remove(.dup)
        if ownMessage { flags.remove(.redDot) }
        // Stream bits are never set: SDKs disagree on the legacy stream layout.
        let setting = MessageSetting(rawValue: message.setting.rawValue & ~0x06)
        let channelID: String
        if message.channel.type == .person {
            channelID = PersonChannel.peer(of: session.uid, in: message.channel.id) ?? message.channel.id
        } else {
            channelID = message.channel.id
        }
        let encrypt = !setting.contains(.noEncrypt)
        var recv = RecvPacket(
            flags: flags, setting: setting, msgKey: "",
            fromUID: message.fromUID == ReservedUID.system ? "" : message.fromUID, channelID: channelID,
            channelType: message.channel.type.rawValue, expire: message.expire, clientMsgNo: message.clientMsgNo,
            messageID: message.messageID, messageSeq: message.seq, timestamp: message.timestamp, topic: message.topic,
            payload: encrypt ? cipher.encrypt(message.payload) : message.payload)
        if encrypt { recv.msgKey = cipher.msgKey(for: recv) }
        let bytes = PacketEncoder.encode(
            .recv(recv), version: session.protocolVersion, allocator: context.channel.allocator)
        if !flags.contains(.noPersist) {
            if pending.count >= Self.maxPendingRecvs
                || pendingBytes + bytes.capacity > configuration.maxUnacknowledgedBytes
            {
                logger.warning(
                    "closing slow consumer: too many unacknowledged messages",
                    metadata: ["jindou.pending": "\(pending.count)", "jindou.pending_bytes": "\(pendingBytes)"])
                engine.metrics.recordSlowConsumer()
                closeNow(context: context, reason: .policyViolation)
                return
            }
            if let replaced = pending.updateValue(
                PendingRecv(bytes: bytes, sentAt: .now(), attempts: 0), forKey: message.messageID)
            {
                pendingBytes -= replaced.bytes.capacity
            }
            // Counted by capacity: what the buffer holds in memory, not only what it carries.
            pendingBytes += bytes.capacity
        }
        context.writeAndFlush(wrapOutboundOut(bytes), promise: nil)
    }

    // MARK: Housekeeping

    private func startHousekeeping(context: ChannelHandlerContext) {
        let tick = TimeAmount.nanoseconds(
            max(
                TimeAmount.milliseconds(100).nanoseconds,
                min(configuration.recvRetryInterval.nanoseconds / 2, TimeAmount.seconds(30).nanoseconds)))
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        housekeeping = context.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            handler.value.runHousekeeping()
        }
    }

    private func runHousekeeping() {
        guard case .authenticated = state, let context else { return }
        let now = NIODeadline.now()
        if now - lastInbound > configuration.idleTimeout {
            logger.info("closing idle connection")
            closeNow(context: context, reason: .policyViolation)
            return
        }
        guard !pending.isEmpty else { return }
        var wrote = false
        for (messageID, var entry) in pending where now - entry.sentAt >= configuration.recvRetryInterval {
            if entry.attempts >= configuration.recvRetryLimit {
                pending.removeValue(forKey: messageID)
                pendingBytes -= entry.bytes.capacity
                logger.debug("giving up redelivery", metadata: ["jindou.message_id": "\(messageID)"])
                continue
            }
            entry.attempts += 1
            entry.sentAt = now
            pending[messageID] = entry
            context.write(wrapOutboundOut(entry.bytes), promise: nil)
            wrote = true
        }
        if wrote { context.flush() }
    }

    // MARK: Closing

    /// Sends DISCONNECT and closes once it is written.
    func kick(reasonCode: ReasonCode, reason: String) {
        kick(reasonCode: reasonCode, reason: reason, closeReason: .normal)
    }

    private func kick(reasonCode: ReasonCode, reason: String, closeReason: CloseReason) {
        guard let context else { return }
        logger.info("kicking connection", metadata: ["reason": "\(reason)"])
        let version = decoder.version
        teardown()
        let bytes = PacketEncoder.encode(
            .disconnect(DisconnectPacket(reasonCode: reasonCode, reason: reason)), version: version,
            allocator: context.channel.allocator)
        let channel = context.channel
        context.triggerUserOutboundEvent(closeReason, promise: nil)
        // Closed from the pipeline's tail, so a WebSocket's adapter adds its close frame.
        context.writeLastWords(wrapOutboundOut(bytes)) { channel.close(promise: nil) }
    }

    /// Closes without a DISCONNECT packet.
    func closeSilently() {
        guard let context else { return }
        closeNow(context: context, reason: .normal)
    }

    /// Starts the shutdown of this connection: stop reading, let the SENDs already in the send
    /// pipeline get their SENDACK, then DISCONNECT and close.
    func drain() {
        guard case .authenticated = state, let context, !draining else { return }
        draining = true
        context.channel.setOption(.autoRead, value: false).whenFailure { _ in }
        inbound = nil
        if sendsInFlight == 0 { finishDrain() }
    }

    private func finishDrain() {
        guard let context else { return }
        flushIfNeeded(context: context)
        logger.debug("connection drained")
        if configuration.disconnectOnShutdown {
            kick(reasonCode: .systemError, reason: "server shutting down", closeReason: .goingAway)
        } else {
            closeNow(context: context, reason: .goingAway)
        }
    }

    private func closeNow(context: ChannelHandlerContext, reason: CloseReason) {
        teardown()
        context.triggerUserOutboundEvent(reason, promise: nil)
        context.close(promise: nil)
    }

    /// Leaves the registry and stops timers; idempotent.
    private func teardown() {
        if case .authenticated(let session, _) = state {
            engine.sessions.unregister(session)
            engine.activity.touch(session.uid)
        }
        state = .closed
        pending = [:]
        pendingBytes = 0
        inbound = nil
        housekeeping?.cancel()
        housekeeping = nil
    }

    // MARK: Writing

    private func write(_ packet: Packet, context: ChannelHandlerContext) {
        let bytes = PacketEncoder.encode(packet, version: decoder.version, allocator: context.channel.allocator)
        context.write(wrapOutboundOut(bytes), promise: nil)
        needsFlush = true
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }
}
