/// CONNECT (type 1), client to server.
public struct ConnectPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var version: UInt8
    public var deviceFlag: UInt8
    public var deviceID: String
    public var uid: String
    public var token: String
    /// Client clock in milliseconds.
    public var clientTimestamp: Int64
    /// Base64 of the client's X25519 public key.
    public var clientKey: String

    public init(
        flags: PacketFlags = [], version: UInt8, deviceFlag: UInt8, deviceID: String, uid: String,
        token: String, clientTimestamp: Int64, clientKey: String
    ) {
        self.flags = flags
        self.version = version
        self.deviceFlag = deviceFlag
        self.deviceID = deviceID
        self.uid = uid
        self.token = token
        self.clientTimestamp = clientTimestamp
        self.clientKey = clientKey
    }
}
