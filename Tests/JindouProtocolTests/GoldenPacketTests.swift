import NIOCore
import Testing

@testable import JindouProtocol

@Suite("Golden packet vectors (wkproto.md §8, version 4)")
struct GoldenPacketTests {
    @Test("encodes byte for byte", arguments: Golden.packets.map(\.name))
    func encodesGolden(name: String) {
        let vector = Golden.packets.first { $0.name == name }!
        #expect(hex(encoded(vector.packet, version: 4)) == vector.hex)
    }

    @Test("decodes exactly", arguments: Golden.packets.map(\.name))
    func decodesGolden(name: String) throws {
        let vector = Golden.packets.first { $0.name == name }!
        var buffer = ByteBuffer(bytes: bytes(hex: vector.hex))
        let packet = try PacketDecoder(version: 4).decode(buffer: &buffer)
        #expect(packet == vector.packet)
        #expect(buffer.readableBytes == 0)
    }

    @Test("version 5 uses the same layout as version 4 for every vector")
    func version5IsSame() throws {
        for vector in Golden.packets {
            #expect(hex(encoded(vector.packet, version: 5)) == vector.hex, "\(vector.name)")
            #expect(try decodeAll(bytes(hex: vector.hex), version: 5) == [vector.packet], "\(vector.name)")
        }
    }

    @Test("PING and PONG are one byte whatever the flags")
    func pingPongSingleByte() throws {
        #expect(encoded(.ping, version: 1) == [0x70])
        #expect(encoded(.pong, version: 6) == [0x80])
        // A set flag nibble on PING is still a one-byte PING; the next byte starts a new packet.
        #expect(try decodeAll([0x7F, 0x81, 0x70], version: 4) == [.ping, .pong, .ping])
    }

    @Test("CONNECT is decoded the same whatever the decoder's version")
    func connectIndependentOfDecoderVersion() throws {
        let vector = bytes(hex: Golden.packets[0].hex)
        for version in UInt8(0)...7 {
            #expect(try decodeAll(vector, version: version) == [Golden.connect])
        }
    }

    @Test("works inside NIOSingleStepByteToMessageProcessor")
    func singleStepProcessor() throws {
        let processor = NIOSingleStepByteToMessageProcessor(PacketDecoder(version: 4))
        var decoded: [Packet] = []
        let stream = Golden.stream
        // Feed in uneven chunks.
        var offset = 0
        var chunk = 1
        while offset < stream.count {
            let end = min(stream.count, offset + chunk)
            try processor.process(buffer: ByteBuffer(bytes: stream[offset..<end])) { decoded.append($0) }
            offset = end
            chunk = chunk * 3 % 17 + 1
        }
        try processor.finishProcessing(seenEOF: true) { decoded.append($0) }
        #expect(decoded == Golden.packets.map(\.packet))
    }
}
