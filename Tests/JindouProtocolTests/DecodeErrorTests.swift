import NIOCore
import Testing

@testable import JindouProtocol

@Suite("Decoding errors")
struct DecodeErrorTests {
    /// Decodes `wire` and returns the thrown error, checking the buffer was left untouched.
    func decodeError(_ wire: [UInt8], version: UInt8 = 4, limit: Int = 1 << 20) -> ProtocolError? {
        var buffer = ByteBuffer(bytes: wire)
        do {
            _ = try PacketDecoder(version: version, maxRemainingLength: limit).decode(buffer: &buffer)
            return nil
        } catch {
            #expect(buffer.readerIndex == 0, "reader index moved on error")
            return error
        }
    }

    @Test("a remaining length over the limit is rejected before the body arrives")
    func overLimit() throws {
        // 1 MiB + 1 = 0x100001 -> 81 80 40, and no body at all.
        #expect(decodeError([0x30, 0x81, 0x80, 0x40]) == .remainingLengthTooLarge(length: 1_048_577, limit: 1_048_576))
        // Exactly the limit is fine: it just waits for the body.
        var buffer = ByteBuffer(bytes: [0x30, 0x80, 0x80, 0x40])
        #expect(try PacketDecoder().decode(buffer: &buffer) == nil)
        // A custom limit.
        #expect(
            decodeError(bytes(hex: Golden.packets[2].hex), limit: 97) == .remainingLengthTooLarge(length: 98, limit: 97)
        )
        #expect(decodeError(bytes(hex: Golden.packets[2].hex), limit: 98) == nil)
    }

    @Test("a varint longer than 4 bytes is malformed")
    func fiveByteVarint() throws {
        #expect(decodeError([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]) == .malformedRemainingLength)
        #expect(decodeError([0x30, 0xFF, 0xFF, 0xFF, 0xFF]) == .malformedRemainingLength)
        // Three continuation bytes may still be followed by a final one.
        var buffer = ByteBuffer(bytes: [0x30, 0x80, 0x80, 0x80])
        #expect(try PacketDecoder(maxRemainingLength: Int.max).decode(buffer: &buffer) == nil)
    }

    @Test("unknown packet types", arguments: [UInt8(0x00), 0x0F, 0xD0, 0xE2, 0xF0, 0xFF])
    func unknownTypes(header: UInt8) {
        #expect(decodeError([header]) == .unknownPacketType(header >> 4))
        #expect(decodeError([header, 0x01, 0x00]) == .unknownPacketType(header >> 4))
    }

    @Test(
        "every truncated body is a typed error",
        arguments: Golden.packets.map(\.name).filter { $0 != "PING" && $0 != "PONG" })
    func truncatedBodies(name: String) throws {
        let vector = Golden.packets.first { $0.name == name }!
        let wire = bytes(hex: vector.hex)
        let header = wire[0]
        let body = Array(wire[2...])  // every vector has a one-byte length
        let payloadCount: Int
        switch vector.packet {
        case .send(let p): payloadCount = p.payload.count
        case .recv(let p): payloadCount = p.payload.count
        default: payloadCount = 0
        }
        for cut in 0..<(body.count - payloadCount) {
            let error = decodeError(Wire.frame(header, Array(body[..<cut])))
            guard case .truncated(let type, _) = error else {
                Issue.record("\(name) cut at \(cut): expected truncated, got \(String(describing: error))")
                continue
            }
            #expect(type == vector.packet.type)
        }
    }

    @Test("truncation errors name the missing field")
    func truncatedFieldNames() {
        #expect(decodeError([0x90, 0x00]) == .truncated(.disconnect, field: "reasonCode"))
        #expect(decodeError([0x90, 0x02, 0x0C, 0x00]) == .truncated(.disconnect, field: "reason"))
        #expect(decodeError([0x90, 0x04, 0x0C, 0x00, 0x02, 0x41]) == .truncated(.disconnect, field: "reason"))
        #expect(
            decodeError(Wire.frame(0x42, Array(repeating: 0, count: 12))) == .truncated(.sendack, field: "messageSeq"))
        #expect(
            decodeError(Wire.frame(0x42, Array(repeating: 0, count: 16))) == .truncated(.sendack, field: "reasonCode"))
        #expect(
            decodeError(Wire.frame(0x62, Array(repeating: 0, count: 12)), version: 6)
                == .truncated(.recvack, field: "messageSeq"))
        // CONNACK with HasServerVersion and version 4 needs the node id.
        let connack = bytes(hex: Golden.packets[1].hex)
        #expect(
            decodeError(Wire.frame(0x21, Array(connack[2..<(connack.count - 1)])))
                == .truncated(.connack, field: "nodeID"))
        // The expire field exists only from version 3.
        var send = Wire()
        send.u8(0)
        send.u32(1)
        send.str("c")
        send.str("u")
        send.u8(1)
        #expect(decodeError(Wire.frame(0x32, send.bytes), version: 3) == .truncated(.send, field: "expire"))
        #expect(decodeError(Wire.frame(0x32, send.bytes), version: 2) == .truncated(.send, field: "msgKey"))
    }

    @Test("bad strings: length >= 0x8000 or invalid UTF-8")
    func invalidStrings() {
        #expect(decodeError([0x90, 0x03, 0x0C, 0x80, 0x00]) == .invalidString(.disconnect, field: "reason"))
        #expect(decodeError([0x90, 0x03, 0x0C, 0xFF, 0xFF]) == .invalidString(.disconnect, field: "reason"))
        #expect(
            decodeError([0x90, 0x05, 0x0C, 0x00, 0x02, 0xFF, 0xFE]) == .invalidString(.disconnect, field: "reason"))
        // A UTF-16 surrogate encoded in UTF-8.
        #expect(
            decodeError([0x90, 0x06, 0x0C, 0x00, 0x03, 0xED, 0xA0, 0x80])
                == .invalidString(.disconnect, field: "reason"))
        // A multibyte sequence cut by the string length.
        #expect(
            decodeError([0xB0, 0x07, 0x00, 0x02, 0xE4, 0xBD, 0x00, 0x00, 0x01])
                == .invalidString(.suback, field: "subNo"))
    }

    @Test("errors describe themselves")
    func descriptions() {
        let errors: [ProtocolError] = [
            .remainingLengthTooLarge(length: 5, limit: 4), .malformedRemainingLength, .unknownPacketType(13),
            .truncated(.send, field: "msgKey"), .invalidString(.recv, field: "fromUID"),
            .stringTooLong(.event, field: "id", length: 40000), .valueOutOfRange(.recv, field: "messageSeq"),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
        }
        #expect(ProtocolError.truncated(.send, field: "msgKey").description.contains("msgKey"))
        #expect(ProtocolError.unknownPacketType(13).description.contains("13"))
        #expect(CryptoError.decryptionFailed.description.contains("padding"))
    }

    @Test("validate reports what encode would trap on")
    func validate() {
        let long = String(repeating: "é", count: 16384)  // 32768 bytes
        let disconnect = Packet.disconnect(DisconnectPacket(reasonCode: .success, reason: long))
        #expect(
            PacketEncoder.validate(disconnect, version: 4)
                == .stringTooLong(.disconnect, field: "reason", length: 32768))
        let recvack = Packet.recvack(RecvackPacket(messageID: 1, messageSeq: 1 << 32))
        #expect(PacketEncoder.validate(recvack, version: 5) == .valueOutOfRange(.recvack, field: "messageSeq"))
        #expect(PacketEncoder.validate(recvack, version: 6) == nil)
        // A topic only counts when the topic bit is set.
        var send = Golden.sendPacket
        send.topic = long
        #expect(PacketEncoder.validate(.send(send), version: 4) == nil)
        send.setting = .topic
        #expect(PacketEncoder.validate(.send(send), version: 4) == .stringTooLong(.send, field: "topic", length: 32768))
        #expect(PacketEncoder.validate(.ping, version: 1) == nil)
    }
}
