/// RECV (type 5), server to client.
public struct RecvPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var setting: MessageSetting
    public var msgKey: String
    public var fromUID: String
    public var channelID: String
    public var channelType: UInt8
    /// Only on the wire for version 3 or more.
    public var expire: UInt32
    public var clientMsgNo: String
    /// Legacy stream fields; only on the wire for versions 2...4 with the stream setting bit.
    public var streamFlag: UInt8
    public var streamNo: String
    public var streamID: UInt64
    public var messageID: Int64
    /// u32 on the wire below version 6, u64 from version 6.
    public var messageSeq: UInt64
    /// Unix seconds.
    public var timestamp: Int32
    /// Only on the wire when the topic setting bit is set.
    public var topic: String
    public var payload: [UInt8]

    public init(
        flags: PacketFlags = [], setting: MessageSetting = [], msgKey: String, fromUID: String, channelID: String,
        channelType: UInt8, expire: UInt32 = 0, clientMsgNo: String, streamFlag: UInt8 = 0, streamNo: String = "",
        streamID: UInt64 = 0, messageID: Int64, messageSeq: UInt64, timestamp: Int32, topic: String = "",
        payload: [UInt8]
    ) {
        self.flags = flags
        self.setting = setting
        self.msgKey = msgKey
        self.fromUID = fromUID
        self.channelID = channelID
        self.channelType = channelType
        self.expire = expire
        self.clientMsgNo = clientMsgNo
        self.streamFlag = streamFlag
        self.streamNo = streamNo
        self.streamID = streamID
        self.messageID = messageID
        self.messageSeq = messageSeq
        self.timestamp = timestamp
        self.topic = topic
        self.payload = payload
    }
}
