/// SENDACK (type 4), server to client.
public struct SendackPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var messageID: Int64
    public var clientSeq: UInt32
    /// u32 on the wire below version 6, u64 from version 6.
    public var messageSeq: UInt64
    public var reasonCode: ReasonCode

    public init(
        flags: PacketFlags = [], messageID: Int64, clientSeq: UInt32, messageSeq: UInt64, reasonCode: ReasonCode
    ) {
        self.flags = flags
        self.messageID = messageID
        self.clientSeq = clientSeq
        self.messageSeq = messageSeq
        self.reasonCode = reasonCode
    }
}
