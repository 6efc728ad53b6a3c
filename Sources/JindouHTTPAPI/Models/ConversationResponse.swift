import Hummingbird
import JindouCore

/// One conversation as `/conversation/sync` renders it.
struct ConversationResponse: ResponseEncodable, Sendable {
    /// The peer's uid for person channels.
    var channelID: String
    var channelType: UInt8
    var unread: UInt64
    /// Unix seconds of the last message.
    var timestamp: Int64
    var lastMsgSeq: UInt64
    var lastClientMsgNo: String
    var offsetMsgSeq: UInt64
    var readedToMsgSeq: UInt64
    /// Grows whenever the conversation changes (a new message or a cursor move); milliseconds.
    var version: Int64
    /// The newest messages first.
    var recents: [MessageJSON]
}
