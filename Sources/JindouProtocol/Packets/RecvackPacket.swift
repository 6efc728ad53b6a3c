/// RECVACK (type 6), client to server.
public struct RecvackPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var messageID: Int64
    /// u32 on the wire below version 6, u64 from version 6.
    public var messageSeq: UInt64

    public init(flags: PacketFlags = [], messageID: Int64, messageSeq: UInt64) {
        self.flags = flags
        self.messageID = messageID
        self.messageSeq = messageSeq
    }
}
