/// The bounds on what one request may ask for, in one place; the OpenAPI document states them.
///
/// A list over its limit is refused with 413, naming the field and the limit, before anything changes.
enum RequestLimits {
    /// The most entries a list in a request may have (uids, subscribers, allow and deny lists,
    /// system uids, batch recipients, `last_msg_seqs`, …), unless a smaller limit below applies.
    static let maxListEntries = 10_000

    /// The uids of one `/user/onlinestatus` call.
    static let maxOnlineStatusUIDs = 1000

    /// The seqs, ids and client_msg_nos of one `/messages` call, together (each costs a query).
    static let maxSelectedMessages = 1000

    /// The channels of one `/conversation/syncMessages` or `/conversation/syncByChannels` call
    /// (each costs queries).
    static let maxConversationChannels = 1000

    /// The largest message seq: seqs are stored as SQLite INTEGERs.
    static let maxMessageSeq = UInt64(Int64.max)
}
