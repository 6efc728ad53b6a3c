import Foundation
import Hummingbird
import JindouCore
import JindouProtocol

/// A stored message as the v2 API renders it (`MessageResp`).
struct MessageResponse: ResponseEncodable, Sendable {
    var header: MessageHeaderJSON
    var setting: UInt8
    var messageID: Int64
    var messageIDString: String
    var clientMsgNo: String
    var messageSeq: UInt64
    var fromUID: String
    var channelID: String
    var channelType: UInt8
    var topic: String?
    var expire: UInt32
    var timestamp: Int32
    /// Base64 of the plaintext payload.
    var payload: String

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
    init(_ message: StoredMessage) {
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
