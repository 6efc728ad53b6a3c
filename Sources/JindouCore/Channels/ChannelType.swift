/// A WuKongIM channel type (u8 on the wire). Unknown values are kept as they are.
package struct ChannelType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    package var rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    package init(_ rawValue: UInt8) { self.rawValue = rawValue }

    package static let person = ChannelType(1)
    package static let group = ChannelType(2)
    package static let customerService = ChannelType(3)
    package static let community = ChannelType(4)
    package static let communityTopic = ChannelType(5)
    package static let info = ChannelType(6)
    package static let data = ChannelType(7)
    package static let temp = ChannelType(8)
    package static let live = ChannelType(9)
    package static let visitors = ChannelType(10)
    package static let agent = ChannelType(11)
    package static let agentGroup = ChannelType(12)

    package var description: String { String(rawValue) }
}
