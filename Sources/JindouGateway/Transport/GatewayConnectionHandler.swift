import JindouCore
import JindouEngine
import JindouProtocol
import Logging
import NIOCore

/// One client connection, TCP or WebSocket, from CONNECT to close. Lives on its channel's event loop.
///
/// Inbound bytes are buffered and decoded packet by packet (several per read, or one split across
/// reads); until CONNECT is accepted only a CONNECT-sized packet is allowed (see
/// ``PreAuthentication``). Which packet is allowed when is the ``ConnectionStateMachine``'s
/// decision; this handler does the I/O it asks for. Each RECV is encrypted and signed for this
/// connection and held in ``UnacknowledgedRecvs`` until its RECVACK: resent with the same bytes
/// after `recvRetryInterval`, a bounded number of times, and bounded in count and in bytes (a
/// reader past either is a slow consumer and is closed).
///
/// On shutdown the connection drains (``drain()``): it stops reading, waits for the SENDACKs of
/// the SENDs it already passed on, then sends DISCONNECT and closes.
final class GatewayConnectionHandler: ChannelDuplexHandler, SessionTransport {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A packet's fixed header: the type byte and up to four bytes of remaining length.
    static let maxFixedHeaderLength = 5

    private let engine: MessagingEngine
    private let configuration: GatewayConfiguration
    private let preAuthentication: PreAuthentication
    private let transport: String
    private var logger: Logger
    private var state = ConnectionStateMachine()
    private var decoder: PacketDecoder
    private var inbound: ByteBuffer?
    private var context: ChannelHandlerContext?
    private var unacknowledged: UnacknowledgedRecvs
    /// When the last bytes came in, on the event loop's clock.
    private var lastInbound: NIODeadline = .uptimeNanoseconds(0)
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
        self.unacknowledged = UnacknowledgedRecvs(maxBytes: configuration.maxUnacknowledgedBytes)
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
        lastInbound = context.eventLoop.now
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
        lastInbound = context.eventLoop.now
        if inbound == nil {
            inbound = bytes
        } else {
            inbound!.writeBuffer(&bytes)
        }
        if state.exceedsPreAuthenticationLimit(
            bufferedBytes: inbound!.readableBytes, packetLimit: preAuthentication.packetLimit)
        {
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

    // MARK: Decoding

    private func drainInbound(context: ChannelHandlerContext) {
        while inbound != nil {
            guard state.decodesPackets else { return }
            let packet: Packet?
            do {
                packet = try decoder.decode(buffer: &inbound!)
            } catch {
                logger.info("closing connection: malformed packet", metadata: ["reason": "\(error)"])
                closeNow(context: context, reason: ConnectionStateMachine.closeReason(for: error))
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
        switch state.packetReceived(packet, serverDraining: engine.isDraining) {
        case .authenticate(let connect):
            beginConnect(connect, context: context)
        case .refuse(let connect, let reason, let explanation):
            refuseConnect(
                reason, explanation, version: ProtocolVersion.negotiate(clientVersion: connect.version),
                timeDiff: WallClock.nowMilliseconds() &- connect.clientTimestamp, context: context)
        case .send(let send, let session, let cipher):
            handleSend(send, session: session, cipher: cipher)
        case .acknowledge(let messageID):
            unacknowledged.acknowledge(messageID)
        case .reply(let reply):
            write(reply, context: context)
        case .close(let reason, let explanation):
            logger.log(
                level: reason == .normal ? .debug : .info, "\(explanation)", metadata: ["packet": "\(packet.type)"])
            closeNow(context: context, reason: reason)
        }
    }

    // MARK: CONNECT

    private func beginConnect(_ connect: ConnectPacket, context: ChannelHandlerContext) {
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
        guard let context else { return }
        let action = state.connectDecided(decision, clientKey: connect.clientKey, serverDraining: engine.isDraining)
        let version = ProtocolVersion.negotiate(clientVersion: connect.version)
        let nowMilliseconds = WallClock.nowMilliseconds()
        let timeDiff = nowMilliseconds &- connect.clientTimestamp
        let nodeID = UInt64(configuration.nodeID)
        switch action {
        case .none:
            return
        case .refuse(let reason, let explanation):
            refuseConnect(reason, explanation, version: version, timeDiff: timeDiff, context: context)
        case .accept(let level, let cipher, let serverKeyBase64, let salt):
            let session = ClientSession(
                id: engine.nextConnectionID(), uid: connect.uid, deviceFlag: DeviceFlag(connect.deviceFlag),
                deviceID: connect.deviceID, level: level, protocolVersion: version, remoteAddress: remoteAddress,
                transport: transport, eventLoop: context.eventLoop, connection: self)
            decoder.version = version
            preAuthentication.authenticated()
            decoder.maxRemainingLength = preAuthentication.packetLimit
            state.established(session, cipher: cipher)
            logger[metadataKey: "jindou.conn"] = "\(session.id)"
            engine.activity.touch(session.uid)
            for (old, verdict) in engine.sessions.register(session) {
                old.closeReplaced(verdict)
            }
            // The user's sessions on other nodes follow the same rules.
            engine.cluster?.announceLogin(session)
            let connack = ConnackPacket(
                flags: connect.version > 3 ? .hasServerVersion : [], serverVersion: version, timeDiff: timeDiff,
                reasonCode: .success, serverKey: serverKeyBase64, salt: salt, nodeID: nodeID)
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
            guard cipher.hasValidMsgKey(send) else {
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
        state.sendSubmitted()
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
        let drainFinishes = state.sendFinished()
        writeSendack(for: send, outcome: outcome)
        if drainFinishes { finishDrain() }
    }

    private func writeSendack(for send: SendPacket, outcome: SendOutcome) {
        guard let session = state.authenticated?.session, let context else { return }
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
        guard case let (session, cipher)? = state.authenticated, let context else { return }
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
            channelID =
                PersonChannel.peer(of: session.uid, in: message.channel.id, reusing: message.fromUID)
                ?? message.channel.id
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
            if unacknowledged.isFull(adding: bytes) {
                logger.warning(
                    "closing slow consumer: too many unacknowledged messages",
                    metadata: [
                        "jindou.pending": "\(unacknowledged.count)", "jindou.pending_bytes": "\(unacknowledged.bytes)",
                    ])
                engine.metrics.recordSlowConsumer()
                closeNow(context: context, reason: .policyViolation)
                return
            }
            unacknowledged.insert(bytes, messageID: message.messageID, now: context.eventLoop.now)
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
        guard state.authenticated != nil, let context else { return }
        let now = context.eventLoop.now
        if now - lastInbound > configuration.idleTimeout {
            logger.info("closing idle connection")
            closeNow(context: context, reason: .policyViolation)
            return
        }
        guard unacknowledged.count > 0 else { return }
        let redelivery = unacknowledged.redeliver(
            now: now, interval: configuration.recvRetryInterval, limit: configuration.recvRetryLimit)
        for messageID in redelivery.givenUp {
            logger.debug("giving up redelivery", metadata: ["jindou.message_id": "\(messageID)"])
        }
        for bytes in redelivery.resend {
            context.write(wrapOutboundOut(bytes), promise: nil)
        }
        if !redelivery.resend.isEmpty { context.flush() }
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
        guard let context else { return }
        let action = state.drainRequested()
        guard action != .none else { return }
        context.channel.setOption(.autoRead, value: false).whenFailure { _ in }
        inbound = nil
        if action == .stopReadingAndFinish { finishDrain() }
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
        if let session = state.closed() {
            engine.sessions.unregister(session)
            engine.activity.touch(session.uid)
        }
        unacknowledged.removeAll()
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
