import JindouCore
import JindouProtocol

/// A message to append to its channel's log.
public struct AppendRequest: Sendable {
    /// The channel (internal id for person channels).
    public var channel: ChannelKey
    public var fromUID: String
    /// The client's idempotency key; empty means "no deduplication".
    public var clientMsgNo: String
    public var setting: MessageSetting
    public var flags: PacketFlags
    public var expire: UInt32
    public var topic: String
    /// Plaintext payload.
    public var payload: [UInt8]
    /// Unix seconds.
    public var timestamp: Int32
    /// Committed ahead of queued ordinary appends (system users' messages).
    public var priority: Bool

    public init(
        channel: ChannelKey, fromUID: String, clientMsgNo: String, setting: MessageSetting = [],
        flags: PacketFlags = [], expire: UInt32 = 0, topic: String = "", payload: [UInt8], timestamp: Int32,
        priority: Bool = false
    ) {
        self.priority = priority
        self.channel = channel
        self.fromUID = fromUID
        self.clientMsgNo = clientMsgNo
        self.setting = setting
        self.flags = flags
        self.expire = expire
        self.topic = topic
        self.payload = payload
        self.timestamp = timestamp
    }
}

/// What an append did.
public enum AppendOutcome: Sendable {
    /// Stored now, durable on disk.
    case stored(StoredMessage)
    /// A message with the same (channel, from uid, client_msg_no) and the same payload was already
    /// stored; nothing was written. Carries the original.
    case duplicate(StoredMessage)
    /// The same (channel, from uid, client_msg_no) was stored with a different payload; nothing
    /// was written. Carries the original.
    case conflict(StoredMessage)
}
