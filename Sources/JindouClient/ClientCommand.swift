import JindouProtocol
import NIOCore

/// What ``JindouClientConnection`` writes into the channel; ``ClientChannelHandler`` turns it into bytes.
enum ClientCommand: Sendable {
    /// A SEND; with `encrypt` the payload is encrypted and the msgKey computed on the event loop.
    /// `ack` is completed by the SENDACK with the same clientSeq.
    case send(SendPacket, encrypt: Bool, ack: EventLoopPromise<SendackPacket>?)
    /// Any packet, encoded at the negotiated version, as it is.
    case packet(Packet)
    /// Bytes written unchanged.
    case raw(ByteBuffer)
    /// A PING; `pong` is completed by the next PONG or failed after `timeout`.
    case ping(pong: EventLoopPromise<Void>, timeout: TimeAmount)
}
