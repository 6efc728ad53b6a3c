import NIOCore

/// Decodes WKProto packets from the front of a byte stream.
///
/// The stream may hold several packets back to back or end in the middle of one; call
/// ``decode(buffer:)`` in a loop until it returns `nil`. Packets are read with the layout of
/// ``version`` (the connection's negotiated version), except CONNECT, whose layout does not depend on
/// the connection (its own first body byte is its version). Trailing bytes after the last field of a
/// fixed-layout packet are ignored, as old clients do (v3 appends a clientMsgNo to SENDACK).
///
/// Also a `NIOSingleStepByteToMessageDecoder`, for use in a `ByteToMessageHandler`.
public struct PacketDecoder: Sendable {
    /// The negotiated protocol version that selects the layout of version-dependent packets.
    public var version: UInt8
    /// The largest accepted remaining length; larger packets are rejected as soon as their length is read.
    public var maxRemainingLength: Int

    /// Creates a decoder. The Go server's limit is 1 MiB.
    public init(version: UInt8 = ProtocolVersion.latest, maxRemainingLength: Int = 1 << 20) {
        self.version = version
        self.maxRemainingLength = maxRemainingLength
    }

    /// Decodes one packet from the front of `buffer`.
    ///
    /// - Returns: the packet, with `buffer`'s reader index moved past exactly its bytes; or `nil`,
    ///   with the reader index unchanged, when the buffer does not yet hold the whole packet.
    /// - Throws: ``ProtocolError`` when the stream is malformed; the reader index is then unchanged
    ///   and the connection should be closed.
    public func decode(buffer: inout ByteBuffer) throws(ProtocolError) -> Packet? {
        let start = buffer.readerIndex
        guard let header: UInt8 = buffer.getInteger(at: start) else { return nil }
        let rawType = header >> 4
        guard let type = PacketType(rawValue: rawType) else { throw .unknownPacketType(rawType) }
        switch type {
        case .ping:
            buffer.moveReaderIndex(forwardBy: 1)
            return .ping
        case .pong:
            buffer.moveReaderIndex(forwardBy: 1)
            return .pong
        default:
            break
        }

        // Remaining length: up to 4 bytes of little-endian base-128.
        var length = 0
        var index = start + 1
        var shift = 0
        while true {
            guard let byte: UInt8 = buffer.getInteger(at: index) else { return nil }
            index += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            if shift >= 28 { throw .malformedRemainingLength }
        }
        guard length <= maxRemainingLength else {
            throw .remainingLengthTooLarge(length: length, limit: maxRemainingLength)
        }
        guard let body = buffer.getSlice(at: index, length: length) else { return nil }

        let flags = PacketFlags(rawValue: header)
        var reader = BodyReader(buffer: body, type: type)
        let packet = try Self.decodeBody(type: type, flags: flags, version: version, reader: &reader)
        buffer.moveReaderIndex(to: index + length)
        return packet
    }

    private static func decodeBody(
        type: PacketType, flags: PacketFlags, version: UInt8, reader r: inout BodyReader
    ) throws(ProtocolError) -> Packet {
        switch type {
        case .connect:
            return .connect(
                ConnectPacket(
                    flags: flags,
                    version: try r.u8("version"),
                    deviceFlag: try r.u8("deviceFlag"),
                    deviceID: try r.string("deviceID"),
                    uid: try r.string("uid"),
                    token: try r.string("token"),
                    clientTimestamp: try r.i64("clientTimestamp"),
                    clientKey: try r.string("clientKey")))
        case .connack:
            let serverVersion = flags.contains(.hasServerVersion) ? try r.u8("serverVersion") : 0
            let timeDiff = try r.i64("timeDiff")
            let reasonCode = ReasonCode(rawValue: try r.u8("reasonCode"))
            let serverKey = try r.string("serverKey")
            let salt = try r.string("salt")
            let nodeID = ProtocolVersion.hasNodeID(version) ? try r.u64("nodeID") : 0
            return .connack(
                ConnackPacket(
                    flags: flags, serverVersion: serverVersion, timeDiff: timeDiff, reasonCode: reasonCode,
                    serverKey: serverKey, salt: salt, nodeID: nodeID))
        case .send:
            let setting = MessageSetting(rawValue: try r.u8("setting"))
            let clientSeq = try r.u32("clientSeq")
            let clientMsgNo = try r.string("clientMsgNo")
            let streamNo =
                ProtocolVersion.hasStreamFields(version) && setting.contains(.stream) ? try r.string("streamNo") : ""
            let channelID = try r.string("channelID")
            let channelType = try r.u8("channelType")
            let expire = ProtocolVersion.hasExpire(version) ? try r.u32("expire") : 0
            let msgKey = try r.string("msgKey")
            let topic = setting.contains(.topic) ? try r.string("topic") : ""
            return .send(
                SendPacket(
                    flags: flags, setting: setting, clientSeq: clientSeq, clientMsgNo: clientMsgNo, streamNo: streamNo,
                    channelID: channelID, channelType: channelType, expire: expire, msgKey: msgKey, topic: topic,
                    payload: r.rest()))
        case .sendack:
            return .sendack(
                SendackPacket(
                    flags: flags,
                    messageID: try r.i64("messageID"),
                    clientSeq: try r.u32("clientSeq"),
                    messageSeq: try r.seq(version: version),
                    reasonCode: ReasonCode(rawValue: try r.u8("reasonCode"))))
        case .recv:
            let setting = MessageSetting(rawValue: try r.u8("setting"))
            let msgKey = try r.string("msgKey")
            let fromUID = try r.string("fromUID")
            let channelID = try r.string("channelID")
            let channelType = try r.u8("channelType")
            let expire = ProtocolVersion.hasExpire(version) ? try r.u32("expire") : 0
            let clientMsgNo = try r.string("clientMsgNo")
            var streamFlag: UInt8 = 0
            var streamNo = ""
            var streamID: UInt64 = 0
            if ProtocolVersion.hasStreamFields(version) && setting.contains(.stream) {
                streamFlag = try r.u8("streamFlag")
                streamNo = try r.string("streamNo")
                streamID = try r.u64("streamID")
            }
            let messageID = try r.i64("messageID")
            let messageSeq = try r.seq(version: version)
            let timestamp = try r.i32("timestamp")
            let topic = setting.contains(.topic) ? try r.string("topic") : ""
            return .recv(
                RecvPacket(
                    flags: flags, setting: setting, msgKey: msgKey, fromUID: fromUID, channelID: channelID,
                    channelType: channelType, expire: expire, clientMsgNo: clientMsgNo, streamFlag: streamFlag,
                    streamNo: streamNo, streamID: streamID, messageID: messageID, messageSeq: messageSeq,
                    timestamp: timestamp, topic: topic, payload: r.rest()))
        case .recvack:
            return .recvack(
                RecvackPacket(flags: flags, messageID: try r.i64("messageID"), messageSeq: try r.seq(version: version)))
        case .disconnect:
            return .disconnect(
                DisconnectPacket(
                    flags: flags, reasonCode: ReasonCode(rawValue: try r.u8("reasonCode")),
                    reason: try r.string("reason")))
        case .sub:
            return .sub(
                SubPacket(
                    flags: flags,
                    setting: MessageSetting(rawValue: try r.u8("setting")),
                    subNo: try r.string("subNo"),
                    channelID: try r.string("channelID"),
                    channelType: try r.u8("channelType"),
                    action: try r.u8("action"),
                    param: try r.string("param")))
        case .suback:
            return .suback(
                SubackPacket(
                    flags: flags,
                    subNo: try r.string("subNo"),
                    channelID: try r.string("channelID"),
                    channelType: try r.u8("channelType"),
                    action: try r.u8("action"),
                    reasonCode: ReasonCode(rawValue: try r.u8("reasonCode"))))
        case .event:
            return .event(
                EventPacket(
                    flags: flags,
                    id: try r.string("id"),
                    type: try r.string("type"),
                    timestamp: try r.i64("timestamp"),
                    data: r.rest()))
        case .ping:
            return .ping
        case .pong:
            return .pong
        }
    }
}

extension PacketDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = Packet

    /// At end of stream, decodes what is complete; leftover partial bytes are reported by
    /// `ByteToMessageHandler` as `ByteToMessageDecoderError.leftoverDataWhenDone`.
    public func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws(ProtocolError) -> Packet? {
        try decode(buffer: &buffer)
    }
}

/// Reads the fields of one packet body, turning a short body into a typed error.
private struct BodyReader {
    var buffer: ByteBuffer
    let type: PacketType

    @inline(__always)
    mutating func u8(_ field: String) throws(ProtocolError) -> UInt8 {
        guard let value: UInt8 = buffer.readInteger() else { throw .truncated(type, field: field) }
        return value
    }

    @inline(__always)
    mutating func u32(_ field: String) throws(ProtocolError) -> UInt32 {
        guard let value: UInt32 = buffer.readInteger() else { throw .truncated(type, field: field) }
        return value
    }

    @inline(__always)
    mutating func i32(_ field: String) throws(ProtocolError) -> Int32 {
        guard let value: Int32 = buffer.readInteger() else { throw .truncated(type, field: field) }
        return value
    }

    @inline(__always)
    mutating func u64(_ field: String) throws(ProtocolError) -> UInt64 {
        guard let value: UInt64 = buffer.readInteger() else { throw .truncated(type, field: field) }
        return value
    }

    @inline(__always)
    mutating func i64(_ field: String) throws(ProtocolError) -> Int64 {
        guard let value: Int64 = buffer.readInteger() else { throw .truncated(type, field: field) }
        return value
    }

    /// A message seq: u32 below version 6, u64 from version 6.
    @inline(__always)
    mutating func seq(version: UInt8) throws(ProtocolError) -> UInt64 {
        ProtocolVersion.hasWideSeq(version) ? try u64("messageSeq") : UInt64(try u32("messageSeq"))
    }

    /// A u16-length-prefixed UTF-8 string; lengths of 0x8000 or more are rejected as the Go decoder does.
    mutating func string(_ field: String) throws(ProtocolError) -> String {
        guard let length: UInt16 = buffer.readInteger() else { throw .truncated(type, field: field) }
        if length == 0 { return "" }
        guard length < 0x8000 else { throw .invalidString(type, field: field) }
        let count = Int(length)
        guard buffer.readableBytes >= count else { throw .truncated(type, field: field) }
        let string = buffer.withUnsafeReadableBytes { bytes in
            let raw = UnsafeRawBufferPointer(rebasing: bytes.prefix(count))
            // Pure ASCII (the common case: ids, keys, numbers) cannot need repair, and decoding it is
            // much cheaper than full validation.
            return isASCII(raw) ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
        }
        guard let string else { throw .invalidString(type, field: field) }
        buffer.moveReaderIndex(forwardBy: count)
        return string
    }

    @inline(__always)
    private func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            high |= UInt64(bytes[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// The rest of the body (the payload of SEND, RECV and EVENT).
    mutating func rest() -> [UInt8] {
        buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
