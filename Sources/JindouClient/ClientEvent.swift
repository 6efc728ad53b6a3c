import JindouProtocol

/// Things the server did that are not message deliveries or request answers.
public enum ClientEvent: Sendable {
    /// The server sent DISCONNECT (e.g. reason 12 `connectKick`); it usually closes soon after.
    case disconnect(DisconnectPacket)
    /// An EVENT packet.
    case event(EventPacket)
    /// A SUBACK packet.
    case suback(SubackPacket)
    /// A SENDACK whose clientSeq matched no pending send (e.g. after `writeRaw`).
    case unmatchedSendack(SendackPacket)
    /// A RECV that failed verification (`.msgKeyMismatch`) or decryption (`.crypto`); it was not acked.
    case droppedMessage(RecvPacket, reason: ClientError)
    /// A packet a client should never receive (CONNECT, SEND, a second CONNACK, ...).
    case unexpectedPacket(Packet)
    /// The connection failed (undecodable bytes, I/O error); it is being closed.
    case connectionError(ClientError)
}
