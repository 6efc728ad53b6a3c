import JindouProtocol
import NIOCore

/// What the protocol handler learns from a successful CONNACK.
struct HandshakeResult: Sendable {
    var connack: ConnackPacket
    var negotiatedVersion: UInt8
    var cipher: SessionCipher
}

/// The ingredients of one connection's protocol handler, built before the socket is opened.
struct ConnectionSetup: Sendable {
    var configuration: ClientConfiguration
    var keyPair: SessionKeyPair
    var handshake: EventLoopPromise<HandshakeResult>
    var messages: AsyncStream<ReceivedMessage>.Continuation
    var events: AsyncStream<ClientEvent>.Continuation
    var shared: ConnectionShared
}
