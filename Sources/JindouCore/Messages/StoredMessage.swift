import JindouProtocol

/// A message as it is stored: its place in its channel and its plaintext payload.
package struct StoredMessage: Sendable, Hashable {
    /// Globally unique, increasing id (snowflake layout, see ``MessageIDGenerator``).
    package var messageID: Int64
    /// The channel it was stored in (the internal `X@Y` id for person channels).
    package var channel: ChannelKey
    /// Per-channel sequence number, starting at 1.
    package var seq: UInt64
    package var clientMsgNo: String
    package var fromUID: String
    /// Unix seconds.
    package var timestamp: Int32
    package var setting: MessageSetting
    /// The header flags the message was sent with (RedDot, SyncOnce, NoPersist).
    package var flags: PacketFlags
    package var expire: UInt32
    package var topic: String
    /// The plaintext payload.
    package var payload: [UInt8]

    package init(
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
