import Hummingbird
import JindouCore
import JindouStorage

/// Conversations: `/conversation/sync`, `/conversation/syncMessages`, `/conversation/channels`,
/// `/conversation/syncByChannels`, `/conversations/clearUnread`, `/conversations/setUnread`,
/// `/conversations/delete`.
///
/// Unread counts come from seq cursors (the channel's last seq minus the user's read seq), so two
/// devices of one user always agree and a count never drifts from the messages.
struct ConversationRoutes {
    let services: APIServices

    /// The most conversations `/conversation/sync` considers, newest first.
    static let maxConversations = 1000
    /// The largest `page_size`.
    static let maxPageSize = 500
    /// The largest `page` (pages past the conversations are empty); with it `(page - 1) * page_size`
    /// cannot overflow.
    static let maxPage = Int(Int32.max)
    /// The most recent messages per conversation.
    static let maxMessageCount = 100

    struct SyncRequest: Decodable {
        var uid: String?
        var version: Int64?
        var lastMsgSeqs: String?
        var msgCount: Int?
        var onlyUnread: Int?
        var excludeChannelTypes: [UInt8]?
        var page: Int?
        var pageSize: Int?
    }

    struct ChannelRef: Decodable {
        var channelID: String?
        var channelType: UInt8?
        var lastMsgSeq: UInt64?
    }

    struct ChannelsRequest: Decodable {
        var uid: String?
        var channels: [ChannelRef]?
        var msgCount: Int?
    }

    struct UserRequest: Decodable {
        var uid: String?
    }

    struct CursorRequest: Decodable {
        var uid: String?
        var channelID: String?
        var channelType: UInt8?
        var messageSeq: UInt64?
        var unread: Int?
    }

    struct ChannelMessages: ResponseEncodable {
        var channelID: String
        var channelType: UInt8
        var messages: [MessageJSON]
    }

    struct ChannelEntry: ResponseEncodable {
        var channelID: String
        var channelType: UInt8
    }

    func register(on routes: RouteRegistrar) {
        routes.read.orUser(.bodyUID("uid")).post("/conversation/sync") { request, _ in try await sync(request) }
        routes.read.post("/conversation/syncMessages") { request, _ in try await syncMessages(request) }
        routes.read.post("/conversation/channels") { request, _ in try await channels(request) }
        routes.read.post("/conversation/syncByChannels") { request, _ in try await syncByChannels(request) }
        routes.service.orUser(.bodyChannel(uidField: "uid")).post("/conversations/clearUnread") { request, _ in
            try await clearUnread(request)
        }
        routes.service.post("/conversations/setUnread") { request, _ in try await setUnread(request) }
        routes.service.post("/conversations/delete") { request, _ in try await delete(request) }
    }

    private var reader: ConversationReader { ConversationReader(storage: services.storage) }

    /// The user's conversations with something to show, newest message first.
    ///
    /// Per conversation the recents start after the seq the client already has (`last_msg_seqs`);
    /// with a `version` or `only_unread`, after the read cursor (so only conversations with unread
    /// messages come back); otherwise from the newest messages. A deleted conversation stays
    /// hidden until a message newer than the deletion arrives.
    func sync(_ request: Request) async throws -> [ConversationResponse] {
        let body = try await JSONBody.decode(SyncRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        let msgCount = min(max(body.msgCount ?? 0, 0), Self.maxMessageCount)
        let onlyUnread = try Validation.flag(body.onlyUnread, field: "only_unread")
        let incremental = (body.version ?? 0) > 0 || onlyUnread
        let known = try Self.parseLastMsgSeqs(body.lastMsgSeqs)
        try Validation.listSize(body.excludeChannelTypes?.count ?? 0, field: "exclude_channel_types")
        let excluded = Set(body.excludeChannelTypes ?? [])
        let page = body.page ?? 0
        let pageSize = body.pageSize ?? 100
        guard (0...Self.maxPage).contains(page) else {
            throw APIError.badRequest("page must be from 0 to \(Self.maxPage)")
        }
        guard (1...Self.maxPageSize).contains(pageSize) else {
            throw APIError.badRequest("page_size must be from 1 to \(Self.maxPageSize)")
        }
        var views: [ConversationResponse] = []
        for record in try await services.storage.conversations(of: uid, limit: Self.maxConversations) {
            let displayID = ChannelAddress.displayID(of: record.channel, for: uid)
            if record.channel.type == .person && displayID == ReservedUID.system { continue }
            let clientSeq = known[ChannelKey(id: displayID, type: record.channel.type)]
            if excluded.contains(record.channel.type.rawValue) && clientSeq == nil { continue }
            let start: UInt64
            if let clientSeq {
                start = clientSeq + 1
            } else if incremental {
                start = record.readSeq + 1
            } else {
                start = 1
            }
            if let view = try await reader.view(of: record, startSeq: start, recentCount: msgCount) {
                views.append(view)
            }
        }
        views.sort { ($0.timestamp, $0.version) > ($1.timestamp, $1.version) }
        guard page > 0 else { return views }
        let from = (page - 1) * pageSize
        guard from < views.count else { return [] }
        return Array(views[from..<min(views.count, from + pageSize)])
    }

    /// `"chId:chType:seq|…"` (peer uids for person channels, at most
    /// ``RequestLimits/maxListEntries`` entries) into a map.
    static func parseLastMsgSeqs(_ text: String?) throws -> [ChannelKey: UInt64] {
        guard let text, !text.isEmpty else { return [:] }
        let entries = text.split(separator: "|")
        try Validation.listSize(entries.count, field: "last_msg_seqs")
        var result: [ChannelKey: UInt64] = [:]
        for entry in entries {
            // The channel id itself may not contain ':'; split from the right.
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3, let type = UInt8(parts[parts.count - 2]), let seq = UInt64(parts[parts.count - 1])
            else {
                throw APIError.badRequest(
                    "last_msg_seqs must be \"channel_id:channel_type:seq\" entries separated by |")
            }
            let id = parts[0..<(parts.count - 2)].joined(separator: ":")
            result[ChannelKey(id: id, type: ChannelType(type))] = try Validation.messageSeq(seq, field: "last_msg_seqs")
        }
        return result
    }

    /// The messages above each given seq, oldest first, at most `msg_count` (default 15) per channel.
    func syncMessages(_ request: Request) async throws -> [ChannelMessages] {
        let body = try await JSONBody.decode(ChannelsRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        let refs = try Self.channels(body.channels)
        let count = Self.messageCount(body.msgCount)
        var result: [ChannelMessages] = []
        for (index, ref) in refs.enumerated() {
            let key = try ChannelAddress.resolve(
                channelID: ref.channelID, channelType: ref.channelType, viewer: uid, viewerField: "uid")
            let lastMsgSeq = try Validation.messageSeq(ref.lastMsgSeq, field: "channels[\(index)].last_msg_seq")
            let messages = try await services.storage.messages(
                in: key, MessageQuery(fromSeq: lastMsgSeq + 1, limit: count, newestFirst: false))
            result.append(
                ChannelMessages(
                    channelID: ref.channelID ?? "", channelType: key.type.rawValue,
                    messages: messages.map(MessageJSON.init)))
        }
        return result
    }

    /// Every channel the user has a conversation with.
    func channels(_ request: Request) async throws -> [ChannelEntry] {
        let body = try await JSONBody.decode(UserRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        return try await services.storage.conversations(of: uid, limit: Self.maxConversations).map {
            ChannelEntry(
                channelID: ChannelAddress.displayID(of: $0.channel, for: uid), channelType: $0.channel.type.rawValue)
        }
    }

    /// One conversation per requested channel, also when it has no message or no stored cursor.
    func syncByChannels(_ request: Request) async throws -> [ConversationResponse] {
        let body = try await JSONBody.decode(ChannelsRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        let refs = try Self.channels(body.channels)
        let count = Self.messageCount(body.msgCount)
        var result: [ConversationResponse] = []
        for ref in refs {
            let key = try ChannelAddress.resolve(
                channelID: ref.channelID, channelType: ref.channelType, viewer: uid, viewerField: "uid")
            let record =
                try await services.storage.conversation(of: uid, in: key)
                ?? ConversationRecord(uid: uid, channel: key, readSeq: 0)
            if let view = try await reader.view(of: record, startSeq: 1, recentCount: count, includeEmpty: true) {
                result.append(view)
            }
        }
        return result
    }

    /// `msg_count` of the per-channel routes: 15 when absent or not positive, at most ``maxMessageCount``.
    private static func messageCount(_ requested: Int?) -> Int {
        guard let requested, requested > 0 else { return 15 }
        return min(requested, maxMessageCount)
    }

    private static func channels(_ refs: [ChannelRef]?) throws -> [ChannelRef] {
        guard let refs, !refs.isEmpty else { throw APIError.badRequest("channels cannot be empty") }
        try Validation.listSize(refs.count, field: "channels", limit: RequestLimits.maxConversationChannels)
        return refs
    }

    /// The user and stored channel of a cursor request.
    private func target(_ body: CursorRequest) throws -> (String, ChannelKey) {
        let uid = try Validation.uid(body.uid)
        let key = try ChannelAddress.resolve(
            channelID: body.channelID, channelType: body.channelType, viewer: uid, viewerField: "uid")
        return (uid, key)
    }

    /// The channel's last seq, or a 404 when the user has no conversation there and the channel
    /// has no message (nothing to mark).
    private func lastSeqOfExisting(uid: String, channel: ChannelKey) async throws -> UInt64 {
        let lastSeq = try await services.storage.lastSeq(of: channel)
        if lastSeq == 0, try await services.storage.conversation(of: uid, in: channel) == nil {
            throw APIError.notFound("Conversation does not exist")
        }
        return lastSeq
    }

    /// Marks the conversation read up to `message_seq`, or to the newest message when it is 0.
    func clearUnread(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(CursorRequest.self, from: request)
        let (uid, key) = try target(body)
        let messageSeq = try Validation.messageSeq(body.messageSeq, field: "message_seq")
        let lastSeq = try await lastSeqOfExisting(uid: uid, channel: key)
        let seq = messageSeq > 0 ? min(messageSeq, lastSeq) : lastSeq
        try await services.storage.markRead(uid: uid, in: key, upTo: seq)
        return OKResponse()
    }

    /// Leaves `unread` messages unread; the count can only go down (the read cursor never moves back).
    func setUnread(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(CursorRequest.self, from: request)
        let (uid, key) = try target(body)
        guard let unread = body.unread else { throw APIError.badRequest("unread is required") }
        guard unread >= 0 else { throw APIError.badRequest("unread cannot be negative") }
        let lastSeq = try await lastSeqOfExisting(uid: uid, channel: key)
        try await services.storage.markRead(
            uid: uid, in: key, upTo: UnreadRule.readSeq(forUnread: unread, lastSeq: lastSeq))
        return OKResponse()
    }

    /// Hides the conversation until a newer message arrives.
    func delete(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(CursorRequest.self, from: request)
        let (uid, key) = try target(body)
        guard try await services.storage.hideConversation(uid: uid, in: key) else {
            throw APIError.notFound("Conversation does not exist")
        }
        return OKResponse()
    }
}
