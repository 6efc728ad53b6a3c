/// Identifies a stored channel: its id and type. For person channels the id is the
/// internal `X@Y` form (see ``PersonChannel``), never a bare peer uid.
public struct ChannelKey: Sendable, Hashable, CustomStringConvertible {
    public var id: String
    public var type: ChannelType

    public init(id: String, type: ChannelType) {
        self.id = id
        self.type = type
    }

    public var description: String { "\(id):\(type.rawValue)" }
}
