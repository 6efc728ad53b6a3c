import NIOCore
import Testing

@testable import JindouProtocol

@Suite("Per-version layouts (wkproto.md §2)")
struct VersionLayoutTests {
    static let payload = Array(Golden.ciphertext.utf8)

    // MARK: CONNACK

    @Test("CONNACK for versions 1-3: flags 0x20, no server version, no node id", arguments: [UInt8(1), 2, 3])
    func connackOldVersions(version: UInt8) throws {
        let packet = Packet.connack(
            ConnackPacket(
                serverVersion: 0, timeDiff: -5, reasonCode: .success, serverKey: Golden.serverKey, salt: Golden.salt,
                nodeID: 0))
        var body = Wire()
        body.u64(UInt64(bitPattern: -5))
        body.u8(1)
        body.str(Golden.serverKey)
        body.str(Golden.salt)
        let expected = Wire.frame(0x20, body.bytes)
        #expect(expected[1] == 0x49)
        #expect(encoded(packet, version: version) == expected)
        #expect(try decodeAll(expected, version: version) == [packet])
    }

    @Test("CONNACK for versions 4-6: flags 0x21, server version byte and node id", arguments: [UInt8(4), 5, 6])
    func connackNewVersions(version: UInt8) throws {
        let packet = Packet.connack(
            ConnackPacket(
                flags: .hasServerVersion, serverVersion: min(version, 5), timeDiff: 12, reasonCode: .success,
                serverKey: Golden.serverKey, salt: Golden.salt, nodeID: 1001))
        var body = Wire()
        body.u8(min(version, 5))
        body.u64(12)
        body.u8(1)
        body.str(Golden.serverKey)
        body.str(Golden.salt)
        body.u64(1001)
        let expected = Wire.frame(0x21, body.bytes)
        #expect(encoded(packet, version: version) == expected)
        #expect(try decodeAll(expected, version: version) == [packet])
    }

    @Test("CONNACK failure without HasServerVersion at version 5 still carries the node id")
    func connackFailureV5() throws {
        let packet = Packet.connack(
            ConnackPacket(
                serverVersion: 0, timeDiff: 0, reasonCode: .authFail, serverKey: "", salt: "", nodeID: 1001))
        var body = Wire()
        body.u64(0)
        body.u8(2)
        body.str("")
        body.str("")
        body.u64(1001)
        #expect(encoded(packet, version: 5) == Wire.frame(0x20, body.bytes))
        #expect(try decodeAll(Wire.frame(0x20, body.bytes), version: 5) == [packet])
    }

    // MARK: SEND / RECV expire

    @Test("SEND at version 2 has no expire; 3+ has it", arguments: [UInt8(1), 2, 3, 4, 5, 6])
    func sendExpire(version: UInt8) throws {
        var packet = Golden.sendPacket
        packet.expire = version >= 3 ? 86_400 : 0
        var body = Wire()
        body.u8(0)
        body.u32(1)
        body.str("cmn1")
        body.str("u2")
        body.u8(1)
        if version >= 3 { body.u32(86_400) }
        body.str(Golden.sendMsgKey)
        body.raw(Self.payload)
        let expected = Wire.frame(0x32, body.bytes)
        #expect(expected.count == bytes(hex: Golden.packets[2].hex).count - (version >= 3 ? 0 : 4))
        #expect(encoded(.send(packet), version: version) == expected)
        #expect(try decodeAll(expected, version: version) == [.send(packet)])
    }

    @Test("RECV at version 2 has no expire; 3+ has it; 6 has a u64 seq", arguments: [UInt8(1), 2, 3, 4, 5, 6])
    func recvLayout(version: UInt8) throws {
        var packet = Golden.recvPacket
        packet.expire = version >= 3 ? 7 : 0
        packet.messageSeq = version >= 6 ? 0x1_2345_6789 : 0x8765_4321
        var body = Wire()
        body.u8(0)
        body.str(Golden.recvMsgKey)
        body.str("u1")
        body.str("u1")
        body.u8(1)
        if version >= 3 { body.u32(7) }
        body.str("cmn1")
        body.u64(1000)
        if version >= 6 { body.u64(0x1_2345_6789) } else { body.u32(0x8765_4321) }
        body.u32(1_700_000_000)
        body.raw(Self.payload)
        let expected = Wire.frame(0x52, body.bytes)
        #expect(encoded(.recv(packet), version: version) == expected)
        #expect(try decodeAll(expected, version: version) == [.recv(packet)])
    }

    @Test("RECV at version 4 equals the golden vector; version 2 is the vector minus the expire")
    func recvV2AgainstGolden() throws {
        var golden = bytes(hex: Golden.packets[4].hex)
        #expect(encoded(.recv(Golden.recvPacket), version: 4) == golden)
        // Drop the four expire bytes after channelType and fix the length.
        let expireOffset = 2 + 1 + 34 + 4 + 4 + 1
        golden.removeSubrange(expireOffset..<(expireOffset + 4))
        golden[1] -= 4
        #expect(encoded(.recv(Golden.recvPacket), version: 2) == golden)
    }

    // MARK: u64 seqs

    @Test("version 6 SENDACK/RECVACK use u64 seqs; 5 uses u32")
    func wideSeqs() throws {
        let sendack = Packet.sendack(
            SendackPacket(flags: .redDot, messageID: 1000, clientSeq: 1, messageSeq: 1, reasonCode: .success))
        #expect(hex(encoded(sendack, version: 6)) == "421500000000000003e800000001000000000000000101")
        #expect(hex(encoded(sendack, version: 5)) == "421100000000000003e8000000010000000101")
        let recvack = Packet.recvack(RecvackPacket(flags: .redDot, messageID: 1000, messageSeq: 0x1_0000_0000))
        #expect(hex(encoded(recvack, version: 6)) == "621000000000000003e80000000100000000")
        #expect(try decodeAll(encoded(recvack, version: 6), version: 6) == [recvack])
        #expect(try decodeAll(encoded(sendack, version: 6), version: 6) == [sendack])
        // A version-5 SENDACK is too short for the version-6 layout.
        #expect(throws: ProtocolError.truncated(.sendack, field: "messageSeq")) {
            try decodeAll(bytes(hex: "421100000000000003e8000000010000000101"), version: 6)
        }
    }

    @Test("SENDACK trailing bytes (v3 clientMsgNo) are ignored")
    func sendackTrailingClientMsgNo() throws {
        var body = Wire()
        body.u64(1000)
        body.u32(1)
        body.u32(1)
        body.u8(1)
        body.str("cmn1")
        let packets = try decodeAll(Wire.frame(0x42, body.bytes) + [0x70], version: 5)
        #expect(packets == [Golden.sendack, .ping])
    }

    // MARK: topic and stream bits

    @Test("topic bit: the topic string sits before the payload in SEND and RECV", arguments: [UInt8(1), 4, 5, 6])
    func topic(version: UInt8) throws {
        var send = Golden.sendPacket
        send.setting = [.topic, .receipt]
        send.topic = "news/今日"
        send.expire = version >= 3 ? 1 : 0
        var body = Wire()
        body.u8(0x88)
        body.u32(1)
        body.str("cmn1")
        body.str("u2")
        body.u8(1)
        if version >= 3 { body.u32(1) }
        body.str(Golden.sendMsgKey)
        body.str("news/今日")
        body.raw(Self.payload)
        #expect(encoded(.send(send), version: version) == Wire.frame(0x32, body.bytes))
        #expect(try decodeAll(Wire.frame(0x32, body.bytes), version: version) == [.send(send)])

        var recv = Golden.recvPacket
        recv.setting = .topic
        recv.topic = "t"
        let wire = encoded(.recv(recv), version: version)
        #expect(Array(wire[(wire.count - Self.payload.count - 3)...].prefix(3)) == [0, 1, UInt8(ascii: "t")])
        #expect(try decodeAll(wire, version: version) == [.recv(recv)])

        // Without the bit the topic is not on the wire and decodes as "".
        recv.setting = []
        var withoutTopic = recv
        withoutTopic.topic = ""
        #expect(try decodeAll(encoded(.recv(recv), version: version), version: version) == [.recv(withoutTopic)])
    }

    @Test("stream fields at version 4 with the stream bit")
    func streamFieldsV4() throws {
        var send = Golden.sendPacket
        send.setting = .stream
        send.streamNo = "sn1"
        var body = Wire()
        body.u8(0x02)
        body.u32(1)
        body.str("cmn1")
        body.str("sn1")
        body.str("u2")
        body.u8(1)
        body.u32(0)
        body.str(Golden.sendMsgKey)
        body.raw(Self.payload)
        #expect(encoded(.send(send), version: 4) == Wire.frame(0x32, body.bytes))
        #expect(try decodeAll(Wire.frame(0x32, body.bytes), version: 4) == [.send(send)])

        var recv = Golden.recvPacket
        recv.setting = .stream
        recv.streamFlag = 1
        recv.streamNo = "sn1"
        recv.streamID = 0x0102_0304_0506_0708
        var rbody = Wire()
        rbody.u8(0x02)
        rbody.str(Golden.recvMsgKey)
        rbody.str("u1")
        rbody.str("u1")
        rbody.u8(1)
        rbody.u32(0)
        rbody.str("cmn1")
        rbody.u8(1)
        rbody.str("sn1")
        rbody.u64(0x0102_0304_0506_0708)
        rbody.u64(1000)
        rbody.u32(1)
        rbody.u32(1_700_000_000)
        rbody.raw(Self.payload)
        #expect(encoded(.recv(recv), version: 4) == Wire.frame(0x52, rbody.bytes))
        #expect(try decodeAll(Wire.frame(0x52, rbody.bytes), version: 4) == [.recv(recv)])
    }

    @Test("stream fields are absent at versions 1, 5 and 6 even with the stream bit", arguments: [UInt8(1), 5, 6])
    func noStreamFields(version: UInt8) throws {
        var recv = Golden.recvPacket
        recv.setting = .stream
        recv.streamNo = "ignored"
        recv.streamFlag = 3
        recv.streamID = 9
        var plain = Golden.recvPacket
        plain.setting = .stream
        let wire = encoded(.recv(recv), version: version)
        #expect(wire == encoded(.recv(plain), version: version))
        #expect(try decodeAll(wire, version: version) == [.recv(plain)])
    }

    // MARK: round trips

    @Test("every packet type round-trips at every version", arguments: [UInt8(1), 2, 3, 4, 5, 6])
    func roundTrip(version: UInt8) throws {
        for variant in 0..<12 {
            let packets = samplePackets(version: version, variant: variant)
            for packet in packets {
                #expect(PacketEncoder.validate(packet, version: version) == nil)
                #expect(try decodeAll(encoded(packet, version: version), version: version) == [packet], "\(packet)")
            }
            // And all of them back to back in one buffer.
            var buffer = ByteBufferAllocator().buffer(capacity: 0)
            for packet in packets { PacketEncoder.encode(packet, version: version, into: &buffer) }
            #expect(try decodeAll(Array(buffer.readableBytesView), version: version) == packets)
        }
    }
}
