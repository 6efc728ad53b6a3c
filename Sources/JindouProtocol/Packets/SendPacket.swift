/// SEND (type 3), client to server.
public struct SendPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var setting: MessageSetting
    public var clientSeq: UInt32
    public var clientMsgNo: String
    /// Legacy; only on the wire for versions 2...4 with the stream setting bit.
    public var streamNo: String
    public var channelID: String
    public var channelType: UInt8
    /// Only on the wire for version 3 or more.
    public var expire: UInt32
    public var msgKey: String
    /// Only on the wire when the topic setting bit is set.
    public var topic: String
    /// The rest of the body (base64 ciphertext when encrypted).
    public var payload: [UInt8]

    public init(
        flags: PacketFlags = [], setting: MessageSetting = [], clientSeq: UInt32, clientMsgNo: String,
        streamNo: String = "", channelID: String, channelType: UInt8, expire: UInt32 = 0, msgKey: String,
        topic: String = "", payload: [UInt8]
    ) {
        self.flags = flags
        self.setting = setting
        self.clientSeq = clientSeq
        self.clientMsgNo = clientMsgNo
        self.streamNo = streamNo
        self.channelID = channelID
        self.channelType = channelType
        self.expire = expire
        self.msgKey = msgKey
        self.topic = topic
        self.payload = payload
    }
}
