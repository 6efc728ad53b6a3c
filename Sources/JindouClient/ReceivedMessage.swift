import JindouProtocol

/// A RECV whose msgKey was verified and whose payload was decrypted under this connection's keys.
public struct ReceivedMessage: Sendable, Hashable {
    /// The packet as it arrived; `packet.payload` is the wire (encrypted, base64) payload.
    public var packet: RecvPacket
    /// The decrypted payload bytes.
    public var payload: [UInt8]

    /// Creates a message from a packet and its decrypted payload.
    public init(packet: RecvPacket, payload: [UInt8]) {
        self.packet = packet
        self.payload = payload
    }

    /// The RECV's header flags (RedDot, SyncOnce, NoPersist, DUP).
    public var flags: PacketFlags { packet.flags }
    /// The RECV's setting byte.
    public var setting: MessageSetting { packet.setting }
    /// The msgKey the server sent.
    public var msgKey: String { packet.msgKey }
    /// The sender's uid ("" for system senders).
    public var fromUID: String { packet.fromUID }
    /// The channel as seen by this receiver (for person chats: the peer's uid).
    public var channelID: String { packet.channelID }
    /// The channel type.
    public var channelType: UInt8 { packet.channelType }
    /// Expiry in seconds (0 = never).
    public var expire: UInt32 { packet.expire }
    /// The sender's clientMsgNo.
    public var clientMsgNo: String { packet.clientMsgNo }
    /// The server-assigned message id.
    public var messageID: Int64 { packet.messageID }
    /// The per-channel sequence number.
    public var messageSeq: UInt64 { packet.messageSeq }
    /// Server time in unix seconds.
    public var timestamp: Int32 { packet.timestamp }
    /// The topic (empty unless the topic setting bit is set).
    public var topic: String { packet.topic }
    /// The decrypted payload as UTF-8 text.
    public var text: String { String(decoding: payload, as: UTF8.self) }
}
