/// The low nibble of a WKProto fixed header.
///
/// For every packet but CONNACK the bits mean DUP, SyncOnce, RedDot and NoPersist.
/// For CONNACK bit 0 means `hasServerVersion` (the other bits are zero).
public struct PacketFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// The packet is a resend.
    public static let dup = PacketFlags(rawValue: 0x08)
    /// Only one device of the user should sync it (command messages).
    public static let syncOnce = PacketFlags(rawValue: 0x04)
    /// The message counts as unread.
    public static let redDot = PacketFlags(rawValue: 0x02)
    /// The message is not stored.
    public static let noPersist = PacketFlags(rawValue: 0x01)
    /// CONNACK only: a server version byte precedes the body.
    public static let hasServerVersion = PacketFlags(rawValue: 0x01)
}
