import JindouProtocol

/// A message as it is stored: its place in its channel and its plaintext payload.
public struct StoredMessage: Sendable, Hashable {
    /// Globally unique, increasing id (snowflake layout, see ``MessageIDGenerator``).
    public var messageID: Int64
    /// The channel it was stored in (the internal `X@Y` id for person channels).
    public var channel: ChannelKey
    /// Per-channel sequence number, starting at 1.
    public var seq: UInt64
    public var clientMsgNo: String
    public var fromUID: String
    /// Unix seconds.
    public var timestamp: Int32
    public var setting: MessageSetting
    /// The header flags the message was sent with (RedDot, SyncOnce, NoPersist).
    public var flags: PacketFlags
    public var expire: UInt32
    public var topic: String
    /// The plaintext payload.
    public var payload: [UInt8]

    public init(
        messageID: Int64, channel: ChannelKey, seq: UInt64, clientMsgNo: String, fromUID: String, timestamp: Int32,
        setting: MessageSetting, flags: PacketFlags, expire: UInt32, topic: String, payload: [UInt8]
    ) {
        self.messageID = messageID
        self.channel = channel
        self.seq = seq
        self.clientMsgNo = clientMsgNo
        self.fromUID = fromUID
        self.timestamp = timestamp
        self.setting = setting
        self.flags = flags
        self.expire = expire
        self.topic = topic
        self.payload = payload
    }
}
