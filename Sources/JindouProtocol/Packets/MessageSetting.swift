/// The setting byte of SEND, RECV and SUB.
public struct MessageSetting: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A read receipt is wanted.
    public static let receipt = MessageSetting(rawValue: 0x80)
    /// Unused signal bit.
    public static let signal = MessageSetting(rawValue: 0x20)
    /// The payload is not AES-encrypted and the msgKey is not checked.
    public static let noEncrypt = MessageSetting(rawValue: 0x10)
    /// A topic string is present.
    public static let topic = MessageSetting(rawValue: 0x08)
    /// Legacy stream fields are present (only for protocol versions 2...4).
    public static let stream = MessageSetting(rawValue: 0x02)
}
