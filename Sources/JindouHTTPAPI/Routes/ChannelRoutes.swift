import Hummingbird
import JindouCore

/// Channels and their lists: `/channel`, `/channel/info`, `/channel/delete`,
/// `/channel/subscriber_*`, `/channel/blacklist_*`, `/channel/whitelist_*`, and the list reads
/// `GET /channel/subscribers|whitelist|blacklist`.
struct ChannelRoutes {
    let services: APIServices

    struct ChannelRequest: Decodable {
        var channelID: String?
        var channelType: UInt8?
        var large: Int?
        var ban: Int?
        var disband: Int?
        var sendBan: Int?
        var allowStranger: Int?
        var system: Int?
        var owner: String?
        var reset: Int?
        var subscribers: [String]?
        var reason: String?
    }

    struct ChannelTarget: Decodable {
        var channelID: String?
        var channelType: UInt8?
    }

    struct SubscribersRequest: Decodable {
        var channelID: String?
        var channelType: UInt8?
        var reset: Int?
        var tempSubscriber: Int?
        var subscribers: [String]?
    }

    struct ListRequest: Decodable {
        var channelID: String?
        var channelType: UInt8?
        var uids: [String]?
        var reason: String?
    }

    /// `GET /channel/info`: a channel's flags and the sizes of its lists.
    struct ChannelDetail: ResponseEncodable {
        var channelID: String
        var channelType: UInt8
        var ban: Int
        var disband: Int
        var sendBan: Int
        var large: Int
        var allowStranger: Int
        var system: Int
        var owner: String
        var subscribers: Int
        var allowlist: Int
        var denylist: Int
    }

    /// How a list route changes its list.
    enum ListOperation {
        case add, remove, set, removeAll
    }

    func register(on routes: RouteRegistrar) {
        routes.service.post("/channel") { request, context in
            try await createOrUpdate(request, context: context, withSubscribers: true)
        }
        routes.service.post("/channel/info") { request, context in
            try await createOrUpdate(request, context: context, withSubscribers: false)
        }
        routes.service.post("/channel/delete") { request, _ in try await delete(request) }
        routes.service.post("/channel/subscriber_add") { request, _ in try await addSubscribers(request) }
        routes.service.post("/channel/subscriber_remove") { request, _ in try await removeSubscribers(request) }
        routes.service.post("/channel/subscriber_remove_all") { request, _ in try await removeAllSubscribers(request) }
        routes.read.get("/channel/info") { request, _ in try detail(request) }
        for (name, list) in [
            ("subscribers", MemberList.subscribers), ("whitelist", .allowlist), ("blacklist", .denylist),
        ] {
            routes.read.get("/channel/\(name)") { request, _ in try readList(list, request) }
        }
        for (name, list) in [("blacklist", MemberList.denylist), ("whitelist", MemberList.allowlist)] {
            for (suffix, operation) in [
                ("add", ListOperation.add), ("remove", .remove), ("set", .set), ("remove_all", .removeAll),
            ] {
                routes.admin.post("/channel/\(name)_\(suffix)") { request, context in
                    try await changeList(list, operation, request, context: context)
                }
            }
        }
    }

    /// `/channel` (flags and subscribers) and `/channel/info` (flags only). Every flag is
    /// overwritten; an omitted one becomes 0.
    func createOrUpdate(
        _ request: Request, context: APIRequestContext, withSubscribers: Bool
    ) async throws -> OKResponse {
        let body = try await JSONBody.decode(ChannelRequest.self, from: request)
        let key = try Validation.channel(id: body.channelID, type: body.channelType)
        // An empty list adds nobody (with `reset`, it empties the list).
        let subscribers =
            withSubscribers && body.subscribers?.isEmpty == false
            ? try Validation.uids(body.subscribers, field: "subscribers") : []
        if key.type == .person && !subscribers.isEmpty {
            throw APIError.badRequest("Person channels do not support subscribers")
        }
        let owner = (body.owner?.isEmpty ?? true) ? "" : try Validation.uid(body.owner, field: "owner")
        let info = ChannelInfo(
            ban: try Validation.flag(body.ban, field: "ban"),
            disband: try Validation.flag(body.disband, field: "disband"),
            sendBan: try Validation.flag(body.sendBan, field: "send_ban"),
            large: try Validation.flag(body.large, field: "large"),
            allowStranger: try Validation.flag(body.allowStranger, field: "allow_stranger"),
            system: try Validation.flag(body.system, field: "system"), owner: owner)
        let reset = try withSubscribers && Validation.flag(body.reset, field: "reset")
        try await services.channels.saveInfo(info, for: key, actor: context.actor(request, reason: body.reason))
        if reset {
            try await services.channels.replaceMembers(subscribers, in: .subscribers, of: key)
        } else if !subscribers.isEmpty {
            try await services.channels.addMembers(subscribers, to: .subscribers, of: key)
        }
        return OKResponse()
    }

    /// The channel of a request that names one, which must exist.
    private func existingChannel(_ request: Request) async throws -> ChannelKey {
        let body = try await JSONBody.decode(ChannelTarget.self, from: request)
        let key = try Validation.channel(id: body.channelID, type: body.channelType)
        guard services.channels.registry.contains(key) else { throw APIError.notFound("Channel does not exist") }
        return key
    }

    /// Deletes a channel: flags, lists, messages and every member's conversation.
    func delete(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(ChannelTarget.self, from: request)
        let key = try Validation.channel(id: body.channelID, type: body.channelType)
        guard key.type != .person else { throw APIError.badRequest("Person channels cannot be deleted") }
        guard try await services.channels.delete(key) else { throw APIError.notFound("Channel does not exist") }
        return OKResponse()
    }

    func removeAllSubscribers(_ request: Request) async throws -> OKResponse {
        let key = try await existingChannel(request)
        guard key.type != .person else { throw APIError.badRequest("Person channels do not support subscribers") }
        try await services.channels.replaceMembers([], in: .subscribers, of: key)
        return OKResponse()
    }

    /// `GET /channel/subscribers|whitelist|blacklist?channel_id=&channel_type=`: the list's uids, sorted.
    func readList(_ list: MemberList, _ request: Request) throws -> [String] {
        try queriedChannel(request).state[list].sorted()
    }

    /// The channel the `channel_id` and `channel_type` query parameters name, with its state
    /// (404 for a channel the server does not know).
    private func queriedChannel(_ request: Request) throws -> (key: ChannelKey, state: ChannelState) {
        let query = QueryParameters(request)
        let key = ChannelKey(
            id: try Validation.channelID(query.string("channel_id")),
            type: try Validation.channelType(try query.integer("channel_type", as: UInt8.self)))
        guard let state = services.channels.registry.state(of: key) else {
            throw APIError.notFound("Channel does not exist")
        }
        return (key, state)
    }

    /// `GET /channel/info?channel_id=&channel_type=`: the flags (0 or 1) and list sizes of a
    /// channel the server knows (404 otherwise).
    func detail(_ request: Request) throws -> ChannelDetail {
        let (key, state) = try queriedChannel(request)
        let info = state.info
        func flag(_ value: Bool) -> Int { value ? 1 : 0 }
        return ChannelDetail(
            channelID: key.id, channelType: key.type.rawValue, ban: flag(info.ban), disband: flag(info.disband),
            sendBan: flag(info.sendBan), large: flag(info.large), allowStranger: flag(info.allowStranger),
            system: flag(info.system), owner: info.owner, subscribers: state[.subscribers].count,
            allowlist: state[.allowlist].count, denylist: state[.denylist].count)
    }

    /// The channel and uids of a subscriber request. A missing or 0 channel_type means a group,
    /// as in v2; person channels have no subscribers.
    private func subscriberTarget(_ body: SubscribersRequest) throws -> (ChannelKey, [String]) {
        let id = try Validation.channelID(body.channelID)
        let type = body.channelType == nil || body.channelType == 0 ? ChannelType.group : ChannelType(body.channelType!)
        let subscribers = try Validation.uids(body.subscribers, field: "subscribers")
        guard type != .person else { throw APIError.badRequest("Person channels do not support subscribers") }
        return (ChannelKey(id: id, type: type), subscribers)
    }

    func addSubscribers(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(SubscribersRequest.self, from: request)
        let (key, subscribers) = try subscriberTarget(body)
        guard try !Validation.flag(body.tempSubscriber, field: "temp_subscriber") else {
            throw APIError.badRequest("temp_subscriber is no longer supported")
        }
        if try Validation.flag(body.reset, field: "reset") {
            try await services.channels.replaceMembers(subscribers, in: .subscribers, of: key)
        } else {
            try await services.channels.addMembers(subscribers, to: .subscribers, of: key)
        }
        return OKResponse()
    }

    func removeSubscribers(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(SubscribersRequest.self, from: request)
        let (key, subscribers) = try subscriberTarget(body)
        guard services.channels.registry.contains(key) else { throw APIError.notFound("Channel does not exist") }
        try await services.channels.removeMembers(subscribers, from: .subscribers, of: key)
        return OKResponse()
    }

    /// An allow or deny list change, audited in the same transaction.
    func changeList(
        _ list: MemberList, _ operation: ListOperation, _ request: Request, context: APIRequestContext
    )
        async throws -> OKResponse
    {
        let body = try await JSONBody.decode(ListRequest.self, from: request)
        let key = try Validation.channel(id: body.channelID, type: body.channelType)
        let actor = context.actor(request, reason: body.reason)
        switch operation {
        case .add:
            let uids = try Validation.uids(body.uids)
            try await services.channels.addMembers(uids, to: list, of: key, actor: actor)
        case .remove:
            let uids = try Validation.uids(body.uids)
            guard services.channels.registry.contains(key) else { throw APIError.notFound("Channel does not exist") }
            try await services.channels.removeMembers(uids, from: list, of: key, actor: actor)
        case .set:
            let uids = body.uids?.isEmpty == false ? try Validation.uids(body.uids) : []
            try await services.channels.replaceMembers(uids, in: list, of: key, actor: actor, operation: "set")
        case .removeAll:
            guard services.channels.registry.contains(key) else { throw APIError.notFound("Channel does not exist") }
            try await services.channels.replaceMembers([], in: list, of: key, actor: actor, operation: "remove_all")
        }
        return OKResponse()
    }
}
