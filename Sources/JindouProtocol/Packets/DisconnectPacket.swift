/// DISCONNECT (type 9), server to client.
public struct DisconnectPacket: Sendable, Hashable {
    public var flags: PacketFlags
    public var reasonCode: ReasonCode
    public var reason: String

    public init(flags: PacketFlags = [], reasonCode: ReasonCode, reason: String) {
        self.flags = flags
        self.reasonCode = reasonCode
        self.reason = reason
    }
}
