/// The packet type carried in the high nibble of a WKProto fixed header.
public enum PacketType: UInt8, Sendable, Hashable, CaseIterable {
    case connect = 1
    case connack = 2
    case send = 3
    case sendack = 4
    case recv = 5
    case recvack = 6
    case ping = 7
    case pong = 8
    case disconnect = 9
    case sub = 10
    case suback = 11
    case event = 12
}
