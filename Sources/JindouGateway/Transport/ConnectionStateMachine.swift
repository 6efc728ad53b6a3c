import JindouCore
import JindouEngine
import JindouProtocol

/// The protocol state of one gateway connection, apart from its I/O: which packet a connection may
/// send in which phase (awaiting CONNECT, authenticating, authenticated, closed), how a checked
/// CONNECT ends, and when a draining connection may finish.
///
/// Each event returns what ``GatewayConnectionHandler`` does about it (as postgres-nio's
/// `ConnectionStateMachine` does), so these rules are testable without a channel.
struct ConnectionStateMachine {
    /// Where the connection is in its life.
    enum State {
        /// Accepted: only a CONNECT may come.
        case awaitingConnect
        /// The CONNECT is being checked; nothing more is decoded until it is decided.
        case authenticating
        /// The CONNECT was accepted.
        case authenticated(ClientSession, SessionCipher)
        /// Refused or closed: nothing more is handled.
        case closed
    }

    /// What to do about a decoded packet.
    enum PacketAction {
        /// Check the CONNECT with the engine, then call ``connectDecided(_:clientKey:serverDraining:)``.
        case authenticate(ConnectPacket)
        /// Answer the CONNECT with a refusing CONNACK and close.
        case refuse(ConnectPacket, ReasonCode, String)
        /// Pass the SEND to the send pipeline.
        case send(SendPacket, ClientSession, SessionCipher)
        /// The client acknowledged a RECV.
        case acknowledge(messageID: Int64)
        /// Answer with a packet.
        case reply(Packet)
        /// Close the connection, logging why.
        case close(CloseReason, String)
    }

    /// What to do once the engine has decided a CONNECT.
    enum ConnectAction {
        /// The connection closed while the CONNECT was checked: nothing.
        case none
        /// Answer with a refusing CONNACK and close.
        case refuse(ReasonCode, String)
        /// Make the session, call ``established(_:cipher:)`` and answer with the accepting CONNACK.
        case accept(DeviceLevel, SessionCipher, serverKeyBase64: String, salt: String)
    }

    /// What to do when the server asks the connection to drain.
    enum DrainAction: Equatable {
        /// Not authenticated, or draining already: nothing.
        case none
        /// Stop reading; DISCONNECT once the SENDs in flight have their SENDACK.
        case stopReading
        /// Stop reading and finish now: no SEND is in flight.
        case stopReadingAndFinish
    }

    private(set) var state: State = .awaitingConnect
    /// SENDs handed to the send pipeline whose SENDACK is not written yet.
    private(set) var sendsInFlight = 0
    /// Shutting down: no more reading; DISCONNECT once `sendsInFlight` reaches zero.
    private(set) var isDraining = false

    /// The session and its cipher once the CONNECT is accepted, until the connection closes.
    var authenticated: (session: ClientSession, cipher: SessionCipher)? {
        if case .authenticated(let session, let cipher) = state { return (session, cipher) }
        return nil
    }

    /// Whether packets are decoded now: not while a CONNECT is checked, nor once closed.
    var decodesPackets: Bool {
        switch state {
        case .awaitingConnect, .authenticated: true
        case .authenticating, .closed: false
        }
    }

    /// Whether `bufferedBytes` unread bytes are more than the connection may send now: before the
    /// CONNECT is accepted nothing may follow it (a client needs the server key to encrypt), so
    /// at most one packet of `packetLimit` and its fixed header.
    func exceedsPreAuthenticationLimit(bufferedBytes: Int, packetLimit: Int) -> Bool {
        authenticated == nil && bufferedBytes > packetLimit + GatewayConnectionHandler.maxFixedHeaderLength
    }

    /// Why a connection whose bytes do not decode is closed.
    static func closeReason(for error: ProtocolError) -> CloseReason {
        if case .remainingLengthTooLarge = error { return .tooLarge }
        return .policyViolation
    }

    /// A packet was decoded. `serverDraining`: the server is shutting down and takes no CONNECT.
    mutating func packetReceived(_ packet: Packet, serverDraining: Bool) -> PacketAction {
        switch (state, packet) {
        case (.awaitingConnect, .connect(let connect)):
            if serverDraining {
                state = .closed
                return .refuse(connect, .systemError, "server shutting down")
            }
            state = .authenticating
            return .authenticate(connect)
        case (.awaitingConnect, _):
            return .close(.policyViolation, "closing connection: first packet is not CONNECT")
        case (.authenticated(let session, let cipher), .send(let send)):
            return .send(send, session, cipher)
        case (.authenticated, .recvack(let ack)):
            return .acknowledge(messageID: ack.messageID)
        case (.authenticated, .ping):
            return .reply(.pong)
        case (.authenticated, .sub(let sub)):
            return .reply(
                .suback(
                    SubackPacket(
                        subNo: sub.subNo, channelID: sub.channelID, channelType: sub.channelType, action: sub.action,
                        reasonCode: .notSupportChannelType)))
        case (.authenticated, .disconnect):
            return .close(.normal, "client sent DISCONNECT")
        default:
            return .close(.policyViolation, "closing connection: unexpected packet")
        }
    }

    /// The engine decided the CONNECT whose client key is `clientKey`. An accepted CONNECT gets
    /// its session keys here; a refused one (or one accepted while the server began draining)
    /// closes the connection.
    mutating func connectDecided(
        _ decision: MessagingEngine.ConnectDecision, clientKey: String, serverDraining: Bool
    ) -> ConnectAction {
        guard case .authenticating = state else { return .none }
        switch decision {
        case .refuse(let reason, let explanation):
            state = .closed
            return .refuse(reason, explanation)
        case .accept where serverDraining:
            state = .closed
            return .refuse(.systemError, "server shutting down")
        case .accept(let level):
            do {
                let handshake = try SessionCipher.serverHandshake(clientKeyBase64: clientKey)
                return .accept(
                    level, handshake.cipher, serverKeyBase64: handshake.serverKeyBase64, salt: handshake.salt)
            } catch {
                state = .closed
                return .refuse(.clientKeyIsEmpty, "bad client key: \(error)")
            }
        }
    }

    /// The accepted CONNECT's session is registered: packets after the CONNECT are handled.
    mutating func established(_ session: ClientSession, cipher: SessionCipher) {
        guard case .authenticating = state else { return }
        state = .authenticated(session, cipher)
    }

    /// A SEND went to the send pipeline.
    mutating func sendSubmitted() {
        sendsInFlight += 1
    }

    /// A SEND's outcome is final (its SENDACK is written next); true if a drain may finish now.
    mutating func sendFinished() -> Bool {
        sendsInFlight -= 1
        return isDraining && sendsInFlight == 0
    }

    /// The server is shutting down and asks the connection to drain.
    mutating func drainRequested() -> DrainAction {
        guard authenticated != nil, !isDraining else { return .none }
        isDraining = true
        return sendsInFlight == 0 ? .stopReadingAndFinish : .stopReading
    }

    /// The connection closes; returns the session it had, to leave the registry. Idempotent.
    mutating func closed() -> ClientSession? {
        defer { state = .closed }
        return authenticated?.session
    }
}
