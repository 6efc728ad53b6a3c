/// Protocol version constants and the per-version layout rules.
public enum ProtocolVersion {
    /// The newest version a connection negotiates unless the client asks for more.
    public static let latest: UInt8 = 5
    /// The highest version this implementation speaks (u64 message seqs).
    public static let maximum: UInt8 = 6

    /// `min(client, 5)`, or 6 when the client asks for 6 or more. Version 0 maps to 6 as in v3.
    public static func negotiate(clientVersion: UInt8) -> UInt8 {
        if clientVersion == 0 || clientVersion >= maximum { return maximum }
        return min(clientVersion, latest)
    }

    /// The `expire` field is present in SEND and RECV.
    public static func hasExpire(_ version: UInt8) -> Bool { version >= 3 }
    /// CONNACK carries the node id.
    public static func hasNodeID(_ version: UInt8) -> Bool { version >= 4 }
    /// Legacy stream fields are present when the stream setting bit is set.
    public static func hasStreamFields(_ version: UInt8) -> Bool { version >= 2 && version < 5 }
    /// Message seqs are u64 instead of u32.
    public static func hasWideSeq(_ version: UInt8) -> Bool { version >= 6 }
    /// A message seq fits the seq field of `version` (u32 below 6).
    public static func canCarry(seq: UInt64, version: UInt8) -> Bool {
        hasWideSeq(version) || seq <= UInt64(UInt32.max)
    }
}
