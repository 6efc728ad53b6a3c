/// SUB (type 10), client to server.
public struct SubPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var setting: MessageSetting
    public var subNo: String
    public var channelID: String
    public var channelType: UInt8
    /// 0 subscribe, 1 unsubscribe.
    public var action: UInt8
    public var param: String

    public init(
        flags: PacketFlags = [], setting: MessageSetting = [], subNo: String, channelID: String, channelType: UInt8,
        action: UInt8, param: String
    ) {
        self.flags = flags
        self.setting = setting
        self.subNo = subNo
        self.channelID = channelID
        self.channelType = channelType
        self.action = action
        self.param = param
    }
}
