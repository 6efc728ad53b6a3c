/// Identifies a stored channel: its id and type. For person channels the id is the
/// internal `X@Y` form (see ``PersonChannel``), never a bare peer uid.
package struct ChannelKey: Sendable, Hashable, CustomStringConvertible {
    package var id: String
    package var type: ChannelType

    package init(id: String, type: ChannelType) {
        self.id = id
        self.type = type
    }

    package var description: String { "\(id):\(type.rawValue)" }
}
