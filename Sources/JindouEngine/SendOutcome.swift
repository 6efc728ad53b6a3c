import JindouCore
import JindouProtocol

/// What the send pipeline did with a message.
package enum SendOutcome: Sendable {
    /// Stored durably and delivered.
    case stored(StoredMessage)
    /// Already stored under the same client_msg_no with the same payload; not stored or delivered again.
    case duplicate(StoredMessage)
    /// Delivered without being stored (NoPersist).
    case transient(messageID: Int64)
    /// Refused; neither stored nor delivered.
    case refused(ReasonCode)

    /// The message id to acknowledge (0 when refused).
    package var messageID: Int64 {
        switch self {
        case .stored(let message), .duplicate(let message): message.messageID
        case .transient(let id): id
        case .refused: 0
        }
    }

    /// The channel seq to acknowledge (0 when not stored).
    package var messageSeq: UInt64 {
        switch self {
        case .stored(let message), .duplicate(let message): message.seq
        case .transient, .refused: 0
        }
    }

    /// The SENDACK reason code.
    package var reasonCode: ReasonCode {
        if case .refused(let reason) = self { return reason }
        return .success
    }
}
