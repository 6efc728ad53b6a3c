import JindouCore
import JindouProtocol

/// A message to append to its channel's log.
package struct AppendRequest: Sendable {
    /// The channel (internal id for person channels).
    package var channel: ChannelKey
    package var fromUID: String
    /// The client's idempotency key; empty means "no deduplication".
    package var clientMsgNo: String
    package var setting: MessageSetting
    package var flags: PacketFlags
    package var expire: UInt32
    package var topic: String
    /// Plaintext payload.
    package var payload: [UInt8]
    /// Unix seconds.
    package var timestamp: Int32
    /// Committed ahead of queued ordinary appends (system users' messages).
    package var priority: Bool

    package init(
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
package enum AppendOutcome: Sendable {
    /// Stored now, durable on disk.
    case stored(StoredMessage)
    /// A message with the same (channel, from uid, client_msg_no) and the same payload was already
    /// stored; nothing was written. Carries the original.
    case duplicate(StoredMessage)
    /// The same (channel, from uid, client_msg_no) was stored with a different payload; nothing
    /// was written. Carries the original.
    case conflict(StoredMessage)
}
