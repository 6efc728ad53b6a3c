import JindouCore

/// A stored message and its recipients that were offline, queued for `msg.offline`.
struct OfflineEvent: Sendable {
    var message: StoredMessage
    var uids: [String]
}
