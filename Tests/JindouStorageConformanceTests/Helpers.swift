import Foundation
import JindouCore
import JindouStorage

/// Shorthands for the conformance tests.
func group(_ id: String) -> ChannelKey { ChannelKey(id: id, type: .group) }

/// The person channel between two users, under its internal `X@Y` id.
func person(_ a: String, _ b: String) -> ChannelKey {
    ChannelKey(id: PersonChannel.id(between: a, and: b), type: .person)
}

func request(
    _ channel: ChannelKey, from uid: String = "alice", clientMsgNo: String = "", payload: [UInt8] = Array("hello".utf8),
    timestamp: Int32 = 1_700_000_000
) -> AppendRequest {
    AppendRequest(channel: channel, fromUID: uid, clientMsgNo: clientMsgNo, payload: payload, timestamp: timestamp)
}

/// Every message of a channel, oldest first.
func allMessages(_ store: any Storage, _ channel: ChannelKey) async throws -> [StoredMessage] {
    try await store.messages(in: channel, MessageQuery(limit: 100_000, newestFirst: false))
}

/// The configured state of one channel, nil if `loadChannels` does not return it.
func channelState(_ store: any Storage, _ channel: ChannelKey) async throws -> ChannelState? {
    try await store.loadChannels().first { $0.key == channel }
}

/// An audit entry by the test actor.
func auditEntry(
    _ action: AuditAction, time: Int64 = 1_700_000_000_000, uids: [String] = [], channel: ChannelKey? = nil,
    reason: String = "", before: String = "{}", after: String = "{}"
) -> AuditEntry {
    AuditEntry(
        time: time, actor: "tester", clientIP: "127.0.0.1", userAgent: "conformance", action: action, uids: uids,
        channelID: channel?.id ?? "", channelType: channel?.type.rawValue ?? 0, reason: reason, before: before,
        after: after)
}

/// The current time in unix milliseconds.
func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

/// The storage error code of a caught error, nil if it is not a ``StorageError``.
func storageCode(_ error: some Error) -> StorageError.Code? {
    ((error as any Error) as? StorageError)?.code
}

extension AppendOutcome {
    /// The message carried by any outcome.
    var message: StoredMessage {
        switch self {
        case .stored(let message), .duplicate(let message), .conflict(let message): message
        }
    }

    var kind: String {
        switch self {
        case .stored: "stored"
        case .duplicate: "duplicate"
        case .conflict: "conflict"
        }
    }
}
