import NIOWebSocket

/// Why the server closes a connection. On a WebSocket it picks the close frame's status code;
/// on TCP it is only logged.
///
/// The connection handler sends it down the pipeline as a user outbound event just before it
/// closes, and ``WebSocketFrameAdapter`` turns it into the close frame.
enum CloseReason: Sendable, Equatable {
    /// The client broke the protocol: a malformed packet, an unexpected packet, a missed deadline.
    case policyViolation
    /// A packet or frame larger than the connection may send.
    case tooLarge
    /// A text frame: this port carries binary WKProto only.
    case unsupportedData
    /// The server failed.
    case internalError
    /// The server is shutting down.
    case goingAway
    /// An ordinary end: the client said goodbye, or was told why in a DISCONNECT packet.
    case normal

    /// The WebSocket close code (RFC 6455 §7.4.1).
    var webSocketCode: WebSocketErrorCode {
        switch self {
        case .policyViolation: .policyViolation
        case .tooLarge: .messageTooLarge
        case .unsupportedData: .unacceptableData
        case .internalError: .unexpectedServerError
        case .goingAway: .goingAway
        case .normal: .normalClosure
        }
    }
}
