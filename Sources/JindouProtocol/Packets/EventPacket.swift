/// EVENT (type 12), server to client.
public struct EventPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var id: String
    public var type: String
    public var timestamp: Int64
    /// The rest of the body.
    public var data: [UInt8]

    public init(flags: PacketFlags = [], id: String, type: String, timestamp: Int64, data: [UInt8]) {
        self.flags = flags
        self.id = id
        self.type = type
        self.timestamp = timestamp
        self.data = data
    }
}
