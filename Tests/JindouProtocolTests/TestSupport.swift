import JindouTestSupport
import NIOCore

@testable import JindouProtocol

/// Bytes from a hex string; whitespace is ignored.
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") })
    precondition(digits.count % 2 == 0, "odd hex length")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: preconditionFailure("bad hex digit")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
}

/// Lowercase hex of bytes.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// The encoding of `packet` at `version` as an array.
func encoded(_ packet: Packet, version: UInt8) -> [UInt8] {
    var buffer = PacketEncoder.encode(packet, version: version)
    return buffer.readBytes(length: buffer.readableBytes)!
}

/// Decodes every packet in `bytes`; fails if bytes are left over.
func decodeAll(_ bytes: [UInt8], version: UInt8) throws(ProtocolError) -> [Packet] {
    var buffer = ByteBuffer(bytes: bytes)
    let decoder = PacketDecoder(version: version)
    var packets: [Packet] = []
    while let packet = try decoder.decode(buffer: &buffer) { packets.append(packet) }
    precondition(buffer.readableBytes == 0, "undecoded bytes left")
    return packets
}

/// Builds expected wire bytes field by field, independently of the encoder.
struct Wire {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(v & 0xFF)] }
    mutating func u32(_ v: UInt32) {
        for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
    }
    mutating func u64(_ v: UInt64) {
        for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) }
    }
    mutating func str(_ s: String) {
        u16(UInt16(s.utf8.count))
        bytes += Array(s.utf8)
    }
    mutating func raw(_ b: [UInt8]) { bytes += b }

    /// Header byte, varint length, body.
    static func frame(_ header: UInt8, _ body: [UInt8]) -> [UInt8] {
        [header] + varint(body.count) + body
    }

    static func varint(_ n: Int) -> [UInt8] { RemainingLength.bytes(n) }
}

/// SplitMix64: a tiny seeded PRNG so randomized tests reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One packet of every type whose fields are all representable at `version`, so that
/// `decode(encode(p)) == p`. `variant` varies settings, flags and strings.
func samplePackets(version: UInt8, variant: Int = 0) -> [Packet] {
    let wide = ProtocolVersion.hasWideSeq(version)
    let expire: UInt32 = ProtocolVersion.hasExpire(version) ? 3600 : 0
    let stream = ProtocolVersion.hasStreamFields(version) && variant % 2 == 1
    let topic = variant % 3 == 1
    var setting: MessageSetting = [.receipt]
    if stream { setting.insert(.stream) }
    if topic { setting.insert(.topic) }
    let flags = PacketFlags(rawValue: UInt8(variant & 0x0F))
    let seq: UInt64 = wide ? 0x1_0000_0002 : 0xFFFF_FFFE
    let text = variant % 2 == 0 ? "ch-1" : "频道 ✓ 🎉"
    return [
        .connect(
            ConnectPacket(
                flags: flags, version: version, deviceFlag: 1, deviceID: "dev-\(variant)", uid: "u\(variant)",
                token: text, clientTimestamp: -1_700_000_000_000, clientKey: "key==")),
        .connack(
            ConnackPacket(
                flags: version > 3 ? .hasServerVersion : [], serverVersion: version > 3 ? version : 0,
                timeDiff: -5, reasonCode: .success, serverKey: "sk", salt: "abcdef1234567890",
                nodeID: ProtocolVersion.hasNodeID(version) ? 1001 : 0)),
        .send(
            SendPacket(
                flags: flags, setting: setting, clientSeq: 0xFFFF_FFFF, clientMsgNo: "cmn-\(variant)",
                streamNo: stream ? "stream-1" : "", channelID: text, channelType: 2, expire: expire, msgKey: "mk",
                topic: topic ? "topic/1" : "", payload: Array("payload \(variant)".utf8))),
        .sendack(
            SendackPacket(
                flags: flags, messageID: Int64.max, clientSeq: 7, messageSeq: seq, reasonCode: .payloadDecodeError)),
        .recv(
            RecvPacket(
                flags: flags, setting: setting, msgKey: "mk", fromUID: "from", channelID: text, channelType: 1,
                expire: expire, clientMsgNo: "cmn", streamFlag: stream ? 2 : 0, streamNo: stream ? "s-no" : "",
                streamID: stream ? UInt64.max : 0, messageID: -42, messageSeq: seq, timestamp: Int32.min,
                topic: topic ? "topic/2" : "", payload: variant % 4 == 0 ? [] : [0, 1, 2, 0xFF])),
        .recvack(RecvackPacket(flags: flags, messageID: 1000, messageSeq: seq)),
        .ping,
        .pong,
        .disconnect(DisconnectPacket(flags: flags, reasonCode: .connectKick, reason: text)),
        .sub(
            SubPacket(flags: flags, setting: [], subNo: "sub", channelID: text, channelType: 9, action: 1, param: "{}")),
        .suback(
            SubackPacket(flags: flags, subNo: "sub", channelID: text, channelType: 9, action: 0, reasonCode: .success)),
        .event(EventPacket(flags: flags, id: "ev", type: "_wk.x", timestamp: 1, data: Array(text.utf8))),
    ]
}
