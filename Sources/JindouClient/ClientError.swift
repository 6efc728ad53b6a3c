import JindouProtocol

/// Errors thrown by ``JindouClientConnection``.
public enum ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The socket could not be opened (the text describes the underlying error).
    case connectFailed(String)
    /// The socket failed after it was opened (e.g. reset by the server).
    case io(String)
    /// The server answered the WebSocket upgrade request with this HTTP status instead of 101.
    case webSocketUpgradeFailed(status: UInt)
    /// CONNACK carried a reason other than success.
    case connectRefused(ReasonCode)
    /// The operation did not finish in time.
    case timeout
    /// The connection is closed (or closed while the operation was pending).
    case closed
    /// Key exchange, encryption or decryption failed.
    case crypto(String)
    /// A RECV's msgKey did not match the one computed under this connection's keys.
    case msgKeyMismatch
    /// The server sent bytes or a packet that break the protocol.
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .connectFailed(let text): "connect failed: \(text)"
        case .io(let text): "I/O error: \(text)"
        case .webSocketUpgradeFailed(let status): "WebSocket upgrade failed with HTTP status \(status)"
        case .connectRefused(let reason): "CONNACK refused with \(reason)"
        case .timeout: "timed out"
        case .closed: "connection closed"
        case .crypto(let text): "crypto failure: \(text)"
        case .msgKeyMismatch: "msgKey mismatch"
        case .protocolViolation(let text): "protocol violation: \(text)"
        }
    }

    /// Keeps a `ClientError` as it is and maps anything else (NIO channel errors) with `other`.
    static func wrapping(_ error: any Error, other: (String) -> ClientError) -> ClientError {
        if let error = error as? ClientError { return error }
        return other(String(describing: error))
    }
}
