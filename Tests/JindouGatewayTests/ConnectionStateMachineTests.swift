import JindouCore
import JindouEngine
import JindouProtocol
import NIOEmbedded
import Testing

@testable import JindouGateway

/// Which packet a connection may send in which phase, how a checked CONNECT ends and when a
/// draining connection finishes, without a channel.
@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    static let connect = ConnectPacket(
        version: 5, deviceFlag: 0, deviceID: "d", uid: "u", token: "t", clientTimestamp: 0,
        clientKey: SessionKeyPair.generate().publicKeyBase64)

    /// A machine past an accepted CONNECT.
    static func authenticated() -> ConnectionStateMachine {
        var machine = ConnectionStateMachine()
        _ = machine.packetReceived(.connect(connect), serverDraining: false)
        guard
            case .accept(_, let cipher, _, _) = machine.connectDecided(
                .accept(.master), clientKey: connect.clientKey, serverDraining: false)
        else { preconditionFailure("a valid CONNECT was not accepted") }
        machine.established(TestSession.make(), cipher: cipher)
        return machine
    }

    @Test("before CONNECT every other packet closes the connection as a policy violation")
    func packetBeforeConnect() {
        for packet: Packet in [
            .ping, .disconnect(DisconnectPacket(reasonCode: .success, reason: "")),
            .recvack(RecvackPacket(messageID: 1, messageSeq: 1)),
        ] {
            var machine = ConnectionStateMachine()
            guard case .close(let reason, _) = machine.packetReceived(packet, serverDraining: false) else {
                Issue.record("\(packet.type) before CONNECT was not refused")
                continue
            }
            #expect(reason == .policyViolation)
        }
    }

    @Test("a CONNECT is checked, and nothing is decoded until it is decided")
    func connectIsChecked() {
        var machine = ConnectionStateMachine()
        #expect(machine.decodesPackets)
        guard case .authenticate(let connect) = machine.packetReceived(.connect(Self.connect), serverDraining: false)
        else {
            Issue.record("CONNECT was not passed on to be checked")
            return
        }
        #expect(connect == Self.connect)
        #expect(!machine.decodesPackets)
        #expect(machine.authenticated == nil)
    }

    @Test("a CONNECT while the server drains is refused with reason 15 without being checked")
    func connectWhileDraining() {
        var machine = ConnectionStateMachine()
        guard case .refuse(_, let reason, _) = machine.packetReceived(.connect(Self.connect), serverDraining: true)
        else {
            Issue.record("CONNECT during shutdown was not refused")
            return
        }
        #expect(reason == .systemError)
        #expect(!machine.decodesPackets)
    }

    @Test("a refused CONNECT, an accepted one during shutdown and a bad client key each close the connection")
    func connectRefusals() {
        let cases: [(MessagingEngine.ConnectDecision, String, Bool, ReasonCode)] = [
            (.refuse(.authFail, "token mismatch"), Self.connect.clientKey, false, .authFail),
            (.accept(.master), Self.connect.clientKey, true, .systemError),
            (.accept(.master), "not a key", false, .clientKeyIsEmpty),
        ]
        for (decision, clientKey, draining, expected) in cases {
            var machine = ConnectionStateMachine()
            _ = machine.packetReceived(.connect(Self.connect), serverDraining: false)
            guard
                case .refuse(let reason, _) = machine.connectDecided(
                    decision, clientKey: clientKey, serverDraining: draining)
            else {
                Issue.record("\(decision) was not refused")
                continue
            }
            #expect(reason == expected)
            #expect(!machine.decodesPackets)
            // A late decision for a closed connection does nothing.
            guard case .none = machine.connectDecided(.accept(.master), clientKey: clientKey, serverDraining: false)
            else {
                Issue.record("a closed connection acted on a CONNECT decision")
                continue
            }
        }
    }

    @Test("after CONNECT: PING is answered with PONG, SUB is declined, RECVACK acknowledges, DISCONNECT closes")
    func authenticatedPackets() throws {
        var machine = Self.authenticated()
        #expect(machine.authenticated?.session.uid == "u")
        #expect(machine.decodesPackets)
        guard case .reply(let pong) = machine.packetReceived(.ping, serverDraining: false) else {
            Issue.record("PING was not answered")
            return
        }
        #expect(pong == .pong)
        let sub = SubPacket(subNo: "1", channelID: "c", channelType: 2, action: 0, param: "")
        guard case .reply(.suback(let suback)) = machine.packetReceived(.sub(sub), serverDraining: false) else {
            Issue.record("SUB was not answered")
            return
        }
        #expect(suback.reasonCode == .notSupportChannelType)
        #expect(suback.subNo == "1")
        guard
            case .acknowledge(let messageID) = machine.packetReceived(
                .recvack(RecvackPacket(messageID: 42, messageSeq: 1)), serverDraining: false)
        else {
            Issue.record("RECVACK was not taken")
            return
        }
        #expect(messageID == 42)
        let send = SendPacket(clientSeq: 1, clientMsgNo: "m", channelID: "v", channelType: 1, msgKey: "", payload: [1])
        guard case .send(let passed, let session, _) = machine.packetReceived(.send(send), serverDraining: false) else {
            Issue.record("SEND was not passed on")
            return
        }
        #expect(passed == send)
        #expect(session.uid == "u")
        guard case .close(let reason, _) = machine.packetReceived(.connect(Self.connect), serverDraining: false) else {
            Issue.record("a second CONNECT was not refused")
            return
        }
        #expect(reason == .policyViolation)
        guard
            case .close(let normal, _) = machine.packetReceived(
                .disconnect(DisconnectPacket(reasonCode: .success, reason: "")), serverDraining: false)
        else {
            Issue.record("DISCONNECT did not close")
            return
        }
        #expect(normal == .normal)
    }

    @Test("only one CONNECT-sized packet may be buffered before authentication")
    func preAuthenticationLimit() {
        let header = GatewayConnectionHandler.maxFixedHeaderLength
        let waiting = ConnectionStateMachine()
        #expect(!waiting.exceedsPreAuthenticationLimit(bufferedBytes: 4096 + header, packetLimit: 4096))
        #expect(waiting.exceedsPreAuthenticationLimit(bufferedBytes: 4096 + header + 1, packetLimit: 4096))
        #expect(!Self.authenticated().exceedsPreAuthenticationLimit(bufferedBytes: 1 << 20, packetLimit: 4096))
    }

    @Test("a packet declaring more than the limit closes as too large; other malformed bytes as a policy violation")
    func malformedPackets() {
        #expect(ConnectionStateMachine.closeReason(for: .remainingLengthTooLarge(length: 9, limit: 8)) == .tooLarge)
        #expect(ConnectionStateMachine.closeReason(for: .unknownPacketType(0)) == .policyViolation)
    }

    @Test("a drain finishes at once without SENDs in flight, else with the last SENDACK; it starts once")
    func drain() {
        var waiting = ConnectionStateMachine()
        #expect(waiting.drainRequested() == .none)

        var idle = Self.authenticated()
        #expect(idle.drainRequested() == .stopReadingAndFinish)
        #expect(idle.drainRequested() == .none)

        var busy = Self.authenticated()
        busy.sendSubmitted()
        busy.sendSubmitted()
        var finishes = [busy.sendFinished()]
        #expect(busy.drainRequested() == .stopReading)
        busy.sendSubmitted()
        finishes += [busy.sendFinished(), busy.sendFinished()]
        // Only the SENDACK that leaves none in flight while draining finishes the drain.
        #expect(finishes == [false, false, true])
    }

    @Test("closing gives the session back once, and nothing is decoded after")
    func close() {
        var machine = Self.authenticated()
        #expect(machine.closed()?.uid == "u")
        #expect(machine.closed() == nil)
        #expect(!machine.decodesPackets)
        #expect(machine.authenticated == nil)
    }
}
