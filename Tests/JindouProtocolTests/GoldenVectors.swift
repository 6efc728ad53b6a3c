import JindouTestSupport

@testable import JindouProtocol

/// The golden vectors of wkproto.md §8: the text in ``WKProtoGoldenVectors`` and the packets it
/// decodes to.
typealias Golden = WKProtoGoldenVectors

extension WKProtoGoldenVectors {
    static let connect = Packet.connect(
        ConnectPacket(
            version: 4, deviceFlag: 1, deviceID: "d1", uid: "u1", token: "t1", clientTimestamp: 1_700_000_000_000,
            clientKey: clientKey))
    static let connack = Packet.connack(
        ConnackPacket(
            flags: .hasServerVersion, serverVersion: 4, timeDiff: -5, reasonCode: .success, serverKey: serverKey,
            salt: salt, nodeID: 1))
    static let sendPacket = SendPacket(
        flags: .redDot, clientSeq: 1, clientMsgNo: "cmn1", channelID: "u2", channelType: 1, expire: 0,
        msgKey: sendMsgKey, payload: Array(ciphertext.utf8))
    static let sendack = Packet.sendack(
        SendackPacket(
            flags: .redDot, messageID: 1000, clientSeq: 1, messageSeq: 1, reasonCode: .success))
    static let recvPacket = RecvPacket(
        flags: .redDot, msgKey: recvMsgKey, fromUID: "u1", channelID: "u1", channelType: 1, expire: 0,
        clientMsgNo: "cmn1", messageID: 1000, messageSeq: 1, timestamp: 1_700_000_000, payload: Array(ciphertext.utf8))
    static let recvack = Packet.recvack(RecvackPacket(flags: .redDot, messageID: 1000, messageSeq: 1))
    static let disconnect = Packet.disconnect(
        DisconnectPacket(reasonCode: .connectKick, reason: "login in other device"))

    /// (name, packet, hex) at protocol version 4.
    static let packets: [(name: String, packet: Packet, hex: String)] = zip(
        packetHex,
        [connect, connack, .send(sendPacket), sendack, .recv(recvPacket), recvack, disconnect, .ping, .pong] as [Packet]
    ).map { vector, packet in (vector.name, packet, vector.hex) }

    /// All packet vectors back to back.
    static var stream: [UInt8] { packets.flatMap { bytes(hex: $0.hex) } }
}
