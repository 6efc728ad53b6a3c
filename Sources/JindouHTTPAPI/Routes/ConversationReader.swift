import JindouCore
import JindouStorage

/// Builds conversation views from the stored cursors and the message logs.
struct ConversationReader {
    let storage: any Storage

    /// The view of one conversation, or nil when it has nothing at or above `startSeq` (or
    /// nothing after it was deleted).
    /// - Parameters:
    ///   - startSeq: the lowest seq the caller wants among the recents (1 = everything).
    ///   - recentCount: how many of the newest messages to include (0 = none).
    ///   - includeEmpty: return a view even when no message qualifies.
    func view(
        of record: ConversationRecord, startSeq: UInt64, recentCount: Int, includeEmpty: Bool = false
    ) async throws -> ConversationResponse? {
        let start = max(startSeq, record.deletedSeq + 1, 1)
        let newest = try await storage.messages(
            in: record.channel, MessageQuery(fromSeq: start, limit: max(1, recentCount), newestFirst: true))
        guard let last = newest.last else {
            guard includeEmpty else { return nil }
            let lastSeq = try await storage.lastSeq(of: record.channel)
            return ConversationResponse(
                channelID: ChannelAddress.displayID(of: record.channel, for: record.uid),
                channelType: record.channel.type.rawValue, unread: 0, timestamp: 0, lastMsgSeq: lastSeq,
                lastClientMsgNo: "", offsetMsgSeq: 0, readedToMsgSeq: max(record.readSeq, lastSeq),
                version: record.updatedAt, recents: [])
        }
        let ownLast: UInt64
        if last.fromUID == record.uid {
            ownLast = last.seq
        } else if last.seq > record.readSeq {
            ownLast = try await storage.lastSeq(sentBy: record.uid, in: record.channel, above: record.readSeq)
        } else {
            ownLast = 0
        }
        let (read, unread) = UnreadRule.evaluate(lastSeq: last.seq, readSeq: record.readSeq, ownLastSeq: ownLast)
        let recents = recentCount > 0 ? newest.reversed().map(MessageJSON.init) : []
        return ConversationResponse(
            channelID: ChannelAddress.displayID(of: record.channel, for: record.uid),
            channelType: record.channel.type.rawValue, unread: unread, timestamp: Int64(last.timestamp),
            lastMsgSeq: last.seq, lastClientMsgNo: last.clientMsgNo, offsetMsgSeq: 0, readedToMsgSeq: read,
            version: max(Int64(last.timestamp) * 1000, record.updatedAt), recents: recents)
    }
}
