/// SUBACK (type 11), server to client.
public struct SubackPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var subNo: String
    public var channelID: String
    public var channelType: UInt8
    public var action: UInt8
    public var reasonCode: ReasonCode

    public init(
        flags: PacketFlags = [], subNo: String, channelID: String, channelType: UInt8, action: UInt8,
        reasonCode: ReasonCode
    ) {
        self.flags = flags
        self.subNo = subNo
        self.channelID = channelID
        self.channelType = channelType
        self.action = action
        self.reasonCode = reasonCode
    }
}
