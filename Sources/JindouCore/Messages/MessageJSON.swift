import Foundation
import JindouProtocol

/// A stored message as the v2 API and the webhooks render it (WuKongIM's `MessageResp`).
///
/// Only written, never read: its keys are spelled out (see ``CodingKeys``), which a
/// ``SnakeCaseKeys`` decoder would not match.
package struct MessageJSON: Encodable, Sendable, Equatable {
    package var header: MessageHeaderJSON
    package var setting: UInt8
    package var messageID: Int64
    package var messageIDString: String
    package var clientMsgNo: String
    package var messageSeq: UInt64
    package var fromUID: String
    package var channelID: String
    package var channelType: UInt8
    package var topic: String?
    package var expire: UInt32
    package var timestamp: Int32
    /// Base64 of the plaintext payload.
    package var payload: String

    /// Spelled out, though all but `message_idstr` follow ``SnakeCaseKeys``: the webhooks encode
    /// every message with a plain encoder, since a key strategy doubles the cost of encoding one.
    enum CodingKeys: String, CodingKey {
        case header, setting
        case messageID = "message_id"
        case messageIDString = "message_idstr"
        case clientMsgNo = "client_msg_no"
        case messageSeq = "message_seq"
        case fromUID = "from_uid"
        case channelID = "channel_id"
        case channelType = "channel_type"
        case topic, expire, timestamp, payload
    }

    /// Renders a stored message. For person channels `channel_id` is the recipient: the member of
    /// the `X@Y` id that is not the sender.
    package init(_ message: StoredMessage) {
        header = MessageHeaderJSON(message.flags)
        setting = message.setting.rawValue
        messageID = message.messageID
        messageIDString = String(message.messageID)
        clientMsgNo = message.clientMsgNo
        messageSeq = message.seq
        fromUID = message.fromUID == ReservedUID.system ? "" : message.fromUID
        if message.channel.type == .person {
            channelID = PersonChannel.peer(of: message.fromUID, in: message.channel.id) ?? message.channel.id
        } else {
            channelID = message.channel.id
        }
        channelType = message.channel.type.rawValue
        topic = message.topic.isEmpty ? nil : message.topic
        expire = message.expire
        timestamp = message.timestamp
        payload = Data(message.payload).base64EncodedString()
    }
}
