/// CONNACK (type 2), server to client.
///
/// The layout depends on the flags and the negotiated version: the server version byte is present
/// only when `flags` contains `.hasServerVersion`, the node id only when the version is 4 or more.
public struct ConnackPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var serverVersion: UInt8
    /// Server clock minus client clock, in milliseconds.
    public var timeDiff: Int64
    public var reasonCode: ReasonCode
    /// Base64 of the server's X25519 public key.
    public var serverKey: String
    /// The 16-character AES IV.
    public var salt: String
    public var nodeID: UInt64

    public init(
        flags: PacketFlags = [], serverVersion: UInt8, timeDiff: Int64, reasonCode: ReasonCode,
        serverKey: String, salt: String, nodeID: UInt64
    ) {
        self.flags = flags
        self.serverVersion = serverVersion
        self.timeDiff = timeDiff
        self.reasonCode = reasonCode
        self.serverKey = serverKey
        self.salt = salt
        self.nodeID = nodeID
    }
}
