/// A WuKongIM channel type (u8 on the wire). Unknown values are kept as they are.
public struct ChannelType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let person = ChannelType(1)
    public static let group = ChannelType(2)
    public static let customerService = ChannelType(3)
    public static let community = ChannelType(4)
    public static let communityTopic = ChannelType(5)
    public static let info = ChannelType(6)
    public static let data = ChannelType(7)
    public static let temp = ChannelType(8)
    public static let live = ChannelType(9)
    public static let visitors = ChannelType(10)
    public static let agent = ChannelType(11)
    public static let agentGroup = ChannelType(12)

    public var description: String { String(rawValue) }
}
