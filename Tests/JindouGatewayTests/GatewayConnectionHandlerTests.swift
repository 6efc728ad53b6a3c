import JindouCore
import JindouProtocol
import NIOCore
import Testing

@testable import JindouGateway

/// One connection's handler on a testing channel, with a real engine over a temp SQLite store:
/// what a client may send when, and the timers of a connection, on a clock the test advances.
@Suite("Gateway connection handler")
struct GatewayConnectionHandlerTests {
    @Test("a packet before CONNECT closes the connection as a policy violation, answering nothing")
    func packetBeforeConnect() async throws {
        try await TestGateway.with { gateway in
            let connection = try await gateway.accept()
            #expect(connection.isOpen)
            try await connection.send(.ping)
            #expect(!connection.isOpen)
            #expect(connection.closeReasons.reasons == [.policyViolation])
            #expect(try await connection.written() == nil)
        }
    }

    @Test("after CONNECT a PING is answered with PONG and a SUB is declined")
    func pingAfterConnect() async throws {
        try await TestGateway.with { gateway in
            let connection = try await gateway.authenticatedConnection("alice")
            try await connection.send(.ping)
            #expect(try await connection.next() == .pong)
            try await connection.send(
                .sub(SubPacket(subNo: "s1", channelID: "news", channelType: 2, action: 0, param: "")))
            guard case .suback(let suback) = try await connection.next() else {
                Issue.record("SUB was not answered with SUBACK")
                return
            }
            #expect(suback.reasonCode == .notSupportChannelType)
            #expect(connection.isOpen)
        }
    }

    @Test("a malformed packet closes only its own connection")
    func malformedPacket() async throws {
        try await TestGateway.with { gateway in
            let healthy = try await gateway.authenticatedConnection("alice")
            let broken = try await gateway.authenticatedConnection("bob")
            // Packet type 15 does not exist.
            try await broken.write(ByteBuffer(bytes: [0xF0, 0x00]))
            #expect(!broken.isOpen)
            #expect(broken.closeReasons.reasons == [.policyViolation])
            try await healthy.send(.ping)
            #expect(try await healthy.next() == .pong)
            #expect(healthy.closeReasons.reasons.isEmpty)
        }
    }

    @Test("a wrong token is refused in CONNACK, and the connection closes")
    func wrongToken() async throws {
        try await TestGateway.with { gateway in
            try await gateway.register("carol", token: "right")
            let connection = try await gateway.accept()
            try await connection.send(
                .connect(
                    ConnectPacket(
                        version: 5, deviceFlag: 0, deviceID: "d", uid: "carol", token: "wrong", clientTimestamp: 0,
                        clientKey: SessionKeyPair.generate().publicKeyBase64)))
            guard case .connack(let connack) = try await connection.next() else {
                Issue.record("no CONNACK")
                return
            }
            #expect(connack.reasonCode == .authFail)
            try await connection.channel.closeFuture.get()
            #expect(connection.closeReasons.reasons == [.policyViolation])
        }
    }

    @Test("more than one CONNECT's worth of bytes before authentication closes the connection as too large")
    func tooManyBytesBeforeConnect() async throws {
        try await TestGateway.with(GatewayConfiguration(maxConnectPacketSize: 64)) { gateway in
            let connection = try await gateway.accept()
            // A CONNECT header declaring 64 bytes, then more than that.
            try await connection.write(ByteBuffer(bytes: [0x10, 64] + [UInt8](repeating: 0, count: 40)))
            #expect(connection.isOpen)
            try await connection.write(ByteBuffer(bytes: [UInt8](repeating: 0, count: 40)))
            #expect(!connection.isOpen)
            #expect(connection.closeReasons.reasons == [.tooLarge])
        }
    }

    @Test("a connection that has not authenticated by the deadline is closed")
    func authenticationDeadline() async throws {
        try await TestGateway.with(GatewayConfiguration(authTimeout: .seconds(4))) { gateway in
            let connection = try await gateway.accept()
            #expect(gateway.gateway.unauthenticatedConnections == 1)
            await connection.advanceTime(by: .milliseconds(3999))
            #expect(connection.isOpen)
            await connection.advanceTime(by: .milliseconds(1))
            try await connection.channel.closeFuture.get()
            #expect(connection.closeReasons.reasons == [.policyViolation])
            #expect(gateway.gateway.unauthenticatedConnections == 0)
        }
    }

    @Test("an authenticated connection without inbound traffic for the idle timeout is closed")
    func idleTimeout() async throws {
        // Housekeeping ticks every second (half the retry interval).
        let configuration = GatewayConfiguration(idleTimeout: .seconds(10), recvRetryInterval: .seconds(2))
        try await TestGateway.with(configuration) { gateway in
            let connection = try await gateway.authenticatedConnection("dora")
            await connection.advanceTime(by: .seconds(5))
            try await connection.send(.ping)
            #expect(try await connection.next() == .pong)
            await connection.advanceTime(by: .seconds(10))
            #expect(connection.isOpen)
            await connection.advanceTime(by: .seconds(1))
            #expect(!connection.isOpen)
            #expect(connection.closeReasons.reasons == [.policyViolation])
        }
    }

    @Test("an unacknowledged RECV is resent with the same bytes after the retry interval; after RECVACK it is not")
    func redelivery() async throws {
        let configuration = GatewayConfiguration(recvRetryInterval: .seconds(2))
        try await TestGateway.with(configuration) { gateway in
            let sender = try await gateway.authenticatedConnection("erin")
            let receiver = try await gateway.authenticatedConnection("frank")
            try await sender.send(
                .send(
                    SendPacket(
                        setting: .noEncrypt, clientSeq: 1, clientMsgNo: "m1", channelID: "frank", channelType: 1,
                        msgKey: "", payload: Array("{\"type\":1}".utf8))))
            guard case .sendack(let sendack) = try await sender.next() else {
                Issue.record("no SENDACK")
                return
            }
            try #require(sendack.reasonCode == .success)
            let first = try await receiver.channel.waitForOutboundWrite(as: ByteBuffer.self)
            await receiver.advanceTime(by: .seconds(1))
            #expect(try await receiver.written() == nil)
            await receiver.advanceTime(by: .seconds(1))
            #expect(try await receiver.written() == first)

            var decodable = first
            guard case .recv(let recv) = try PacketDecoder(version: 5).decode(buffer: &decodable) else {
                Issue.record("not a RECV")
                return
            }
            #expect(recv.messageID == sendack.messageID)
            try await receiver.send(.recvack(RecvackPacket(messageID: recv.messageID, messageSeq: recv.messageSeq)))
            await receiver.advanceTime(by: .seconds(10))
            #expect(try await receiver.written() == nil)
        }
    }
}
