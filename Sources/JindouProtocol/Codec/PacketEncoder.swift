import NIOCore

/// Encodes packets into WKProto bytes for a given negotiated protocol version.
///
/// Layout rules (wkproto.md §1–§2): header byte `(type << 4) | flags`, varint remaining length
/// (`0x00` for an empty body), big-endian integers, strings as a u16 big-endian byte length plus
/// UTF-8. PING and PONG are a single byte with no length. Version-dependent fields: CONNACK node id
/// (version ≥ 4), SEND/RECV expire (version ≥ 3), legacy stream fields (2 ≤ version < 5 with the
/// `.stream` setting bit), message seqs as u64 from version 6 (u32 before).
///
/// - Precondition: the packet is valid for `version`, i.e. ``validate(_:version:)`` returns `nil`:
///   every string is at most 32767 UTF-8 bytes, message seqs fit in a u32 below version 6 and the
///   body fits a 4-byte varint. Violations trap. Call ``validate(_:version:)`` first for data
///   that did not come from a decoded packet (HTTP API input, configuration, ...).
public enum PacketEncoder {
    /// The largest string the Go reference accepts (its decoder reads the length as a signed int16).
    public static let maxStringLength = Int(Int16.max)
    /// The largest remaining length a 4-byte varint can carry.
    public static let maxRemainingLength = 268_435_455

    /// Appends the encoding of `packet` at protocol `version` to `buffer`.
    public static func encode(_ packet: Packet, version: UInt8, into buffer: inout ByteBuffer) {
        switch packet {
        case .ping:
            buffer.writeInteger(UInt8(PacketType.ping.rawValue << 4))
        case .pong:
            buffer.writeInteger(UInt8(PacketType.pong.rawValue << 4))
        case .connect(let p):
            let length =
                1 + 1 + wireLength(p.deviceID) + wireLength(p.uid) + wireLength(p.token) + 8
                + wireLength(p.clientKey)
            writeHeader(.connect, flags: p.flags, bodyLength: length, into: &buffer)
            buffer.writeInteger(p.version)
            buffer.writeInteger(p.deviceFlag)
            writeString(p.deviceID, into: &buffer)
            writeString(p.uid, into: &buffer)
            writeString(p.token, into: &buffer)
            buffer.writeInteger(p.clientTimestamp)
            writeString(p.clientKey, into: &buffer)
        case .connack(let p):
            let hasServerVersion = p.flags.contains(.hasServerVersion)
            let hasNodeID = ProtocolVersion.hasNodeID(version)
            let length =
                (hasServerVersion ? 1 : 0) + 8 + 1 + wireLength(p.serverKey) + wireLength(p.salt)
                + (hasNodeID ? 8 : 0)
            writeHeader(.connack, flags: p.flags, bodyLength: length, into: &buffer)
            if hasServerVersion { buffer.writeInteger(p.serverVersion) }
            buffer.writeInteger(p.timeDiff)
            buffer.writeInteger(p.reasonCode.rawValue)
            writeString(p.serverKey, into: &buffer)
            writeString(p.salt, into: &buffer)
            if hasNodeID { buffer.writeInteger(p.nodeID) }
        case .send(let p):
            let hasStream = ProtocolVersion.hasStreamFields(version) && p.setting.contains(.stream)
            let hasExpire = ProtocolVersion.hasExpire(version)
            let hasTopic = p.setting.contains(.topic)
            let length =
                1 + 4 + wireLength(p.clientMsgNo) + (hasStream ? wireLength(p.streamNo) : 0)
                + wireLength(p.channelID) + 1 + (hasExpire ? 4 : 0) + wireLength(p.msgKey)
                + (hasTopic ? wireLength(p.topic) : 0) + p.payload.count
            writeHeader(.send, flags: p.flags, bodyLength: length, into: &buffer)
            buffer.writeInteger(p.setting.rawValue)
            buffer.writeInteger(p.clientSeq)
            writeString(p.clientMsgNo, into: &buffer)
            if hasStream { writeString(p.streamNo, into: &buffer) }
            writeString(p.channelID, into: &buffer)
            buffer.writeInteger(p.channelType)
            if hasExpire { buffer.writeInteger(p.expire) }
            writeString(p.msgKey, into: &buffer)
            if hasTopic { writeString(p.topic, into: &buffer) }
            buffer.writeBytes(p.payload)
        case .sendack(let p):
            let length = 8 + 4 + seqLength(version) + 1
            writeHeader(.sendack, flags: p.flags, bodyLength: length, into: &buffer)
            buffer.writeInteger(p.messageID)
            buffer.writeInteger(p.clientSeq)
            writeSeq(p.messageSeq, version: version, type: .sendack, into: &buffer)
            buffer.writeInteger(p.reasonCode.rawValue)
        case .recv(let p):
            let hasStream = ProtocolVersion.hasStreamFields(version) && p.setting.contains(.stream)
            let hasExpire = ProtocolVersion.hasExpire(version)
            let hasTopic = p.setting.contains(.topic)
            let length =
                1 + wireLength(p.msgKey) + wireLength(p.fromUID) + wireLength(p.channelID) + 1
                + (hasExpire ? 4 : 0) + wireLength(p.clientMsgNo)
                + (hasStream ? 1 + wireLength(p.streamNo) + 8 : 0)
                + 8 + seqLength(version) + 4 + (hasTopic ? wireLength(p.topic) : 0) + p.payload.count
            writeHeader(.recv, flags: p.flags, bodyLength: length, into: &buffer)
            buffer.writeInteger(p.setting.rawValue)
            writeString(p.msgKey, into: &buffer)
            writeString(p.fromUID, into: &buffer)
            writeString(p.channelID, into: &buffer)
            buffer.writeInteger(p.channelType)
            if hasExpire { buffer.writeInteger(p.expire) }
            writeString(p.clientMsgNo, into: &buffer)
            if hasStream {
                buffer.writeInteger(p.streamFlag)
                writeString(p.streamNo, into: &buffer)
                buffer.writeInteger(p.streamID)
            }
            buffer.writeInteger(p.messageID)
            writeSeq(p.messageSeq, version: version, type: .recv, into: &buffer)
            buffer.writeInteger(p.timestamp)
            if hasTopic { writeString(p.topic, into: &buffer) }
            buffer.writeBytes(p.payload)
        case .recvack(let p):
            writeHeader(.recvack, flags: p.flags, bodyLength: 8 + seqLength(version), into: &buffer)
            buffer.writeInteger(p.messageID)
            writeSeq(p.messageSeq, version: version, type: .recvack, into: &buffer)
        case .disconnect(let p):
            writeHeader(.disconnect, flags: p.flags, bodyLength: 1 + wireLength(p.reason), into: &buffer)
            buffer.writeInteger(p.reasonCode.rawValue)
            writeString(p.reason, into: &buffer)
        case .sub(let p):
            let length = 1 + wireLength(p.subNo) + wireLength(p.channelID) + 1 + 1 + wireLength(p.param)
            writeHeader(.sub, flags: p.flags, bodyLength: length, into: &buffer)
            buffer.writeInteger(p.setting.rawValue)
            writeString(p.subNo, into: &buffer)
            writeString(p.channelID, into: &buffer)
            buffer.writeInteger(p.channelType)
            buffer.writeInteger(p.action)
            writeString(p.param, into: &buffer)
        case .suback(let p):
            let length = wireLength(p.subNo) + wireLength(p.channelID) + 1 + 1 + 1
            writeHeader(.suback, flags: p.flags, bodyLength: length, into: &buffer)
            writeString(p.subNo, into: &buffer)
            writeString(p.channelID, into: &buffer)
            buffer.writeInteger(p.channelType)
            buffer.writeInteger(p.action)
            buffer.writeInteger(p.reasonCode.rawValue)
        case .event(let p):
            let length = wireLength(p.id) + wireLength(p.type) + 8 + p.data.count
            writeHeader(.event, flags: p.flags, bodyLength: length, into: &buffer)
            writeString(p.id, into: &buffer)
            writeString(p.type, into: &buffer)
            buffer.writeInteger(p.timestamp)
            buffer.writeBytes(p.data)
        }
    }

    /// Returns a new buffer holding the encoding of `packet` at protocol `version`.
    public static func encode(
        _ packet: Packet, version: UInt8, allocator: ByteBufferAllocator = .init()
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 0)
        encode(packet, version: version, into: &buffer)
        return buffer
    }

    /// Checks the encoder's preconditions for `packet` at protocol `version`.
    ///
    /// - Returns: `nil` when the packet can be encoded, otherwise the first problem found:
    ///   ``ProtocolError/stringTooLong(_:field:length:)``, ``ProtocolError/valueOutOfRange(_:field:)``
    ///   or ``ProtocolError/remainingLengthTooLarge(length:limit:)``.
    public static func validate(_ packet: Packet, version: UInt8) -> ProtocolError? {
        let type = packet.type
        var strings: [(String, String)] = []
        var payloadCount = 0
        var seq: UInt64 = 0
        switch packet {
        case .ping, .pong:
            return nil
        case .connect(let p):
            strings = [("deviceID", p.deviceID), ("uid", p.uid), ("token", p.token), ("clientKey", p.clientKey)]
        case .connack(let p):
            strings = [("serverKey", p.serverKey), ("salt", p.salt)]
        case .send(let p):
            strings = [("clientMsgNo", p.clientMsgNo), ("channelID", p.channelID), ("msgKey", p.msgKey)]
            if ProtocolVersion.hasStreamFields(version) && p.setting.contains(.stream) {
                strings.append(("streamNo", p.streamNo))
            }
            if p.setting.contains(.topic) { strings.append(("topic", p.topic)) }
            payloadCount = p.payload.count
        case .sendack(let p):
            seq = p.messageSeq
        case .recv(let p):
            strings = [
                ("msgKey", p.msgKey), ("fromUID", p.fromUID), ("channelID", p.channelID),
                ("clientMsgNo", p.clientMsgNo),
            ]
            if ProtocolVersion.hasStreamFields(version) && p.setting.contains(.stream) {
                strings.append(("streamNo", p.streamNo))
            }
            if p.setting.contains(.topic) { strings.append(("topic", p.topic)) }
            payloadCount = p.payload.count
            seq = p.messageSeq
        case .recvack(let p):
            seq = p.messageSeq
        case .disconnect(let p):
            strings = [("reason", p.reason)]
        case .sub(let p):
            strings = [("subNo", p.subNo), ("channelID", p.channelID), ("param", p.param)]
        case .suback(let p):
            strings = [("subNo", p.subNo), ("channelID", p.channelID)]
        case .event(let p):
            strings = [("id", p.id), ("type", p.type)]
            payloadCount = p.data.count
        }
        var total = payloadCount + 64  // generous bound for the fixed-width fields
        for (field, value) in strings {
            let count = value.utf8.count
            if count > maxStringLength { return .stringTooLong(type, field: field, length: count) }
            total += 2 + count
        }
        if !ProtocolVersion.canCarry(seq: seq, version: version) {
            return .valueOutOfRange(type, field: "messageSeq")
        }
        if total > maxRemainingLength {
            return .remainingLengthTooLarge(length: total, limit: maxRemainingLength)
        }
        return nil
    }

    // MARK: - Primitives

    /// Writes the fixed header, reserving room for the whole packet first.
    @inline(__always)
    private static func writeHeader(
        _ type: PacketType, flags: PacketFlags, bodyLength: Int, into buffer: inout ByteBuffer
    ) {
        precondition(bodyLength <= maxRemainingLength, "WKProto body of \(bodyLength) bytes exceeds the varint maximum")
        buffer.reserveCapacity(minimumWritableBytes: 5 + bodyLength)
        buffer.writeInteger((type.rawValue << 4) | (flags.rawValue & 0x0F))
        var remaining = bodyLength
        repeat {
            var byte = UInt8(truncatingIfNeeded: remaining & 0x7F)
            remaining >>= 7
            if remaining > 0 { byte |= 0x80 }
            buffer.writeInteger(byte)
        } while remaining > 0
    }

    /// The encoded size of a string: 2 length bytes plus its UTF-8 bytes.
    @inline(__always)
    private static func wireLength(_ string: String) -> Int {
        let count = string.utf8.count
        precondition(count <= maxStringLength, "WKProto string of \(count) bytes exceeds 32767")
        return 2 + count
    }

    @inline(__always)
    private static func writeString(_ string: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt16(truncatingIfNeeded: string.utf8.count))
        buffer.writeString(string)
    }

    @inline(__always)
    private static func seqLength(_ version: UInt8) -> Int {
        ProtocolVersion.hasWideSeq(version) ? 8 : 4
    }

    @inline(__always)
    private static func writeSeq(_ seq: UInt64, version: UInt8, type: PacketType, into buffer: inout ByteBuffer) {
        if ProtocolVersion.hasWideSeq(version) {
            buffer.writeInteger(seq)
        } else {
            precondition(seq <= UInt64(UInt32.max), "\(type) messageSeq \(seq) does not fit a u32 below version 6")
            buffer.writeInteger(UInt32(truncatingIfNeeded: seq))
        }
    }
}
