import JindouCore
import JindouProtocol

/// A message entering the send pipeline, from a client's SEND or from the HTTP API.
public struct OutboundMessage: Sendable {
    public var fromUID: String
    /// The channel as the sender addresses it: the peer's uid for person channels.
    public var channelID: String
    public var channelType: ChannelType
    /// The idempotency key; empty disables deduplication.
    public var clientMsgNo: String
    public var setting: MessageSetting
    /// Header flags: RedDot, SyncOnce, NoPersist (DUP is ignored).
    public var flags: PacketFlags
    public var expire: UInt32
    public var topic: String
    /// Plaintext payload.
    public var payload: [UInt8]

    public init(
        fromUID: String, channelID: String, channelType: ChannelType, clientMsgNo: String,
        setting: MessageSetting = [], flags: PacketFlags = [.redDot], expire: UInt32 = 0, topic: String = "",
        payload: [UInt8]
    ) {
        self.fromUID = fromUID
        self.channelID = channelID
        self.channelType = channelType
        self.clientMsgNo = clientMsgNo
        self.setting = setting
        self.flags = flags
        self.expire = expire
        self.topic = topic
        self.payload = payload
    }

    /// The channel the message is stored in: the `X@Y` id for person channels.
    public var storageKey: ChannelKey {
        if channelType == .person {
            return ChannelKey(id: PersonChannel.id(between: fromUID, and: channelID), type: .person)
        }
        return ChannelKey(id: channelID, type: channelType)
    }
}
