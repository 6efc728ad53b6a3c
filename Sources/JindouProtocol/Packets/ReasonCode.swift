/// A WKProto reason code (u8). Unknown values decode as themselves.
public struct ReasonCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = ReasonCode(rawValue: 0)
    public static let success = ReasonCode(rawValue: 1)
    public static let authFail = ReasonCode(rawValue: 2)
    public static let subscriberNotExist = ReasonCode(rawValue: 3)
    public static let inBlacklist = ReasonCode(rawValue: 4)
    public static let channelNotExist = ReasonCode(rawValue: 5)
    public static let userNotOnNode = ReasonCode(rawValue: 6)
    public static let senderOffline = ReasonCode(rawValue: 7)
    public static let msgKeyError = ReasonCode(rawValue: 8)
    public static let payloadDecodeError = ReasonCode(rawValue: 9)
    public static let forwardSendPacketError = ReasonCode(rawValue: 10)
    public static let notAllowSend = ReasonCode(rawValue: 11)
    public static let connectKick = ReasonCode(rawValue: 12)
    public static let notInWhitelist = ReasonCode(rawValue: 13)
    public static let queryTokenError = ReasonCode(rawValue: 14)
    public static let systemError = ReasonCode(rawValue: 15)
    public static let channelIDError = ReasonCode(rawValue: 16)
    public static let nodeMatchError = ReasonCode(rawValue: 17)
    public static let nodeNotMatch = ReasonCode(rawValue: 18)
    public static let ban = ReasonCode(rawValue: 19)
    public static let notSupportHeader = ReasonCode(rawValue: 20)
    public static let clientKeyIsEmpty = ReasonCode(rawValue: 21)
    public static let rateLimit = ReasonCode(rawValue: 22)
    public static let notSupportChannelType = ReasonCode(rawValue: 23)
    public static let disband = ReasonCode(rawValue: 24)
    public static let sendBan = ReasonCode(rawValue: 25)
    public static let channelDeleting = ReasonCode(rawValue: 26)
    public static let protocolUpgradeRequired = ReasonCode(rawValue: 27)
    public static let idempotencyConflict = ReasonCode(rawValue: 28)
    public static let messageSeqExhausted = ReasonCode(rawValue: 29)

    public var description: String { "reason(\(rawValue))" }
}
