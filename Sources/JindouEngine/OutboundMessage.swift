import JindouCore
import JindouProtocol

/// A message entering the send pipeline, from a client's SEND or from the HTTP API.
package struct OutboundMessage: Sendable {
    package var fromUID: String
    /// The channel as the sender addresses it: the peer's uid for person channels.
    package var channelID: String
    package var channelType: ChannelType
    /// The idempotency key; empty disables deduplication.
    package var clientMsgNo: String
    package var setting: MessageSetting
    /// Header flags: RedDot, SyncOnce, NoPersist (DUP is ignored).
    package var flags: PacketFlags
    package var expire: UInt32
    package var topic: String
    /// Plaintext payload.
    package var payload: [UInt8]

    package init(
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
    package var storageKey: ChannelKey {
        if channelType == .person {
            return ChannelKey(id: PersonChannel.id(between: fromUID, and: channelID), type: .person)
        }
        return ChannelKey(id: channelID, type: channelType)
    }
}
