/// Any WKProto packet.
public enum Packet: Sendable, Hashable {
    case connect(ConnectPacket)
    case connack(ConnackPacket)
    case send(SendPacket)
    case sendack(SendackPacket)
    case recv(RecvPacket)
    case recvack(RecvackPacket)
    case ping
    case pong
    case disconnect(DisconnectPacket)
    case sub(SubPacket)
    case suback(SubackPacket)
    case event(EventPacket)

    /// The packet's type.
    public var type: PacketType {
        switch self {
        case .connect: .connect
        case .connack: .connack
        case .send: .send
        case .sendack: .sendack
        case .recv: .recv
        case .recvack: .recvack
        case .ping: .ping
        case .pong: .pong
        case .disconnect: .disconnect
        case .sub: .sub
        case .suback: .suback
        case .event: .event
        }
    }
}
