import NIOCore
import Testing

@testable import JindouProtocol

@Suite("Stream framing")
struct StreamingDecodeTests {
    @Test func twoPacketsInOneBuffer() throws {
        var buffer = ByteBuffer(bytes: bytes(hex: Golden.packets[2].hex) + bytes(hex: Golden.packets[5].hex))
        let decoder = PacketDecoder(version: 4)
        #expect(try decoder.decode(buffer: &buffer) == .send(Golden.sendPacket))
        #expect(buffer.readableBytes == 14)
        #expect(try decoder.decode(buffer: &buffer) == Golden.recvack)
        #expect(buffer.readableBytes == 0)
        #expect(try decoder.decode(buffer: &buffer) == nil)
    }

    @Test("every proper prefix of every vector needs more data and leaves the buffer untouched")
    func everyPrefixWaits() throws {
        let decoder = PacketDecoder(version: 4)
        for vector in Golden.packets {
            let wire = bytes(hex: vector.hex)
            for cut in 0..<wire.count {
                var buffer = ByteBuffer(bytes: wire[..<cut])
                buffer.moveReaderIndex(forwardBy: 0)
                #expect(try decoder.decode(buffer: &buffer) == nil, "\(vector.name) cut at \(cut)")
                #expect(buffer.readerIndex == 0 && buffer.readableBytes == cut)
            }
        }
    }

    @Test("the whole vector stream fed byte by byte")
    func byteByByte() throws {
        let decoder = PacketDecoder(version: 4)
        var buffer = ByteBuffer()
        var decoded: [Packet] = []
        var nils = 0
        for byte in Golden.stream {
            buffer.writeInteger(byte)
            while true {
                let before = buffer.readerIndex
                guard let packet = try decoder.decode(buffer: &buffer) else {
                    #expect(buffer.readerIndex == before)
                    nils += 1
                    break
                }
                decoded.append(packet)
            }
        }
        #expect(decoded == Golden.packets.map(\.packet))
        #expect(buffer.readableBytes == 0)
        #expect(nils == Golden.stream.count)
    }

    @Test("the vector stream split into two reads at every offset")
    func splitAtEveryOffset() throws {
        let stream = Golden.stream
        let expected = Golden.packets.map(\.packet)
        let decoder = PacketDecoder(version: 4)
        for split in 0...stream.count {
            var buffer = ByteBuffer(bytes: stream[..<split])
            var decoded: [Packet] = []
            while let packet = try decoder.decode(buffer: &buffer) { decoded.append(packet) }
            buffer.discardReadBytes()
            buffer.writeBytes(stream[split...])
            while let packet = try decoder.decode(buffer: &buffer) { decoded.append(packet) }
            #expect(decoded == expected, "split at \(split)")
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("multi-byte remaining lengths", arguments: [127, 128, 321, 16383, 16384, 2_097_152])
    func multiByteRemainingLength(bodyLength: Int) throws {
        // EVENT with empty id and type: 2 + 2 + 8 fixed bytes, the rest is data.
        let event = Packet.event(
            EventPacket(id: "", type: "", timestamp: 3, data: Array(repeating: 0xAB, count: bodyLength - 12)))
        let wire = encoded(event, version: 5)
        #expect(Array(wire[1...].prefix(Wire.varint(bodyLength).count)) == Wire.varint(bodyLength))
        #expect(wire.count == 1 + Wire.varint(bodyLength).count + bodyLength)
        var buffer = ByteBuffer(bytes: wire)
        #expect(try PacketDecoder(version: 5, maxRemainingLength: 1 << 22).decode(buffer: &buffer) == event)
        #expect(buffer.readableBytes == 0)
    }

    @Test("varint examples of §1 decode to the right length")
    func varintExamples() {
        let examples: [(Int, String)] = [
            (0, "00"), (127, "7f"), (128, "8001"), (321, "c102"), (16383, "ff7f"), (16384, "808001"),
            (2_097_152, "80808001"), (268_435_455, "ffffff7f"),
        ]
        for (value, varintHex) in examples {
            #expect(hex(Wire.varint(value)) == varintHex)
            // With a limit below the value the decoder reports the decoded length without needing the body.
            var buffer = ByteBuffer(bytes: [0x30] + bytes(hex: varintHex))
            let decoder = PacketDecoder(version: 4, maxRemainingLength: value - 1)
            #expect(throws: ProtocolError.remainingLengthTooLarge(length: value, limit: value - 1)) {
                try decoder.decode(buffer: &buffer)
            }
        }
    }

    @Test("a SEND with a payload over 127 bytes gets a two-byte length")
    func longSendPayload() throws {
        var send = Golden.sendPacket
        send.payload = Array(repeating: UInt8(ascii: "x"), count: 300)
        let wire = encoded(.send(send), version: 4)
        let bodyLength = 1 + 4 + 6 + 4 + 1 + 4 + 34 + 300
        #expect(Array(wire[1...2]) == Wire.varint(bodyLength))
        #expect(try decodeAll(wire, version: 4) == [.send(send)])
    }

    @Test("empty and multibyte UTF-8 strings")
    func strings() throws {
        let empty = Packet.disconnect(DisconnectPacket(reasonCode: .connectKick, reason: ""))
        #expect(hex(encoded(empty, version: 4)) == "90030c0000")
        #expect(try decodeAll(bytes(hex: "90030c0000"), version: 4) == [empty])

        let text = "登录 ölçü 🎉"
        let multibyte = Packet.disconnect(DisconnectPacket(reasonCode: .connectKick, reason: text))
        let wire = encoded(multibyte, version: 4)
        #expect(Array(wire[3...4]) == [0, UInt8(text.utf8.count)])
        #expect(Array(wire[5...]) == Array(text.utf8))
        #expect(try decodeAll(wire, version: 4) == [multibyte])

        // The longest allowed string.
        let long = String(repeating: "a", count: 32767)
        let sub = Packet.suback(
            SubackPacket(subNo: long, channelID: "", channelType: 1, action: 0, reasonCode: .success))
        #expect(PacketEncoder.validate(sub, version: 4) == nil)
        #expect(try decodeAll(encoded(sub, version: 4), version: 4) == [sub])
    }
}
