/// A WKProto stream or packet that cannot be decoded, or a packet that cannot be encoded.
///
/// Decoding errors are fatal for the connection: the byte stream cannot be resynchronised.
public enum ProtocolError: Error, Sendable, Hashable {
    /// The remaining length exceeds the configured limit (decoding) or the 4-byte varint maximum (encoding).
    case remainingLengthTooLarge(length: Int, limit: Int)
    /// The remaining-length varint does not end within 4 bytes.
    case malformedRemainingLength
    /// The high nibble of the fixed header is 0 or 13...15.
    case unknownPacketType(UInt8)
    /// The body ended before the named field.
    case truncated(PacketType, field: String)
    /// The named string field has a length of 0x8000 or more, or is not valid UTF-8.
    case invalidString(PacketType, field: String)
    /// Encoding only: the named string field is longer than 32767 UTF-8 bytes.
    case stringTooLong(PacketType, field: String, length: Int)
    /// Encoding only: the named integer does not fit its wire width at the given version
    /// (a message seq above `UInt32.max` below version 6).
    case valueOutOfRange(PacketType, field: String)
}

extension ProtocolError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .remainingLengthTooLarge(let length, let limit):
            "packet remaining length \(length) exceeds the limit of \(limit) bytes"
        case .malformedRemainingLength:
            "malformed remaining length: varint longer than 4 bytes"
        case .unknownPacketType(let raw):
            "unknown packet type \(raw)"
        case .truncated(let type, let field):
            "truncated \(type) packet: body ends before field '\(field)'"
        case .invalidString(let type, let field):
            "invalid string in field '\(field)' of \(type) packet: bad length or not UTF-8"
        case .stringTooLong(let type, let field, let length):
            "string field '\(field)' of \(type) packet is \(length) bytes, the maximum is 32767"
        case .valueOutOfRange(let type, let field):
            "field '\(field)' of \(type) packet does not fit its wire width at this protocol version"
        }
    }
}
