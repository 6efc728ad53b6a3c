import Hummingbird
import JindouCore
import JindouStorage

/// Reads of single messages and channel positions: `POST /messages`, `POST /message`,
/// `GET /message/byclientmsgno`, `GET /channel/max_message_seq`, `GET /channel/last_message`.
struct MessageQueryRoutes {
    let services: APIServices

    struct MessagesRequest: Decodable {
        var loginUID: String?
        var channelID: String?
        var channelType: UInt8?
        var messageSeqs: [UInt64]?
        var messageIDs: [Int64]?
        var clientMsgNos: [String]?
    }

    struct MessageRequest: Decodable {
        var loginUID: String?
        var channelID: String?
        var channelType: UInt8?
        var messageID: Int64?
        var clientMsgNo: String?
    }

    struct MaxSeqResponse: ResponseEncodable {
        var messageSeq: UInt64
    }

    func register(on routes: RouteRegistrar) {
        routes.read.post("/messages") { request, _ in try await messages(request) }
        routes.read.post("/message") { request, _ in try await message(request) }
        routes.read.get("/message/byclientmsgno") { request, _ in try await byClientMsgNo(request) }
        routes.read.get("/channel/max_message_seq") { request, _ in
            MaxSeqResponse(messageSeq: try await services.storage.lastSeq(of: try channel(fromQuery: request)))
        }
        routes.read.get("/channel/last_message") { request, _ in try await lastMessage(request) }
    }

    /// Messages picked by seq, id or client_msg_no, ascending by seq, in the `messagesync` shape.
    func messages(_ request: Request) async throws -> MessageRoutes.SyncResponse {
        let body = try await JSONBody.decode(MessagesRequest.self, from: request)
        let key = try ChannelAddress.resolve(
            channelID: body.channelID, channelType: body.channelType, viewer: body.loginUID)
        let count = (body.messageSeqs?.count ?? 0) + (body.messageIDs?.count ?? 0) + (body.clientMsgNos?.count ?? 0)
        try Validation.listSize(
            count, field: "message_seqs, message_ids and client_msg_nos together",
            limit: RequestLimits.maxSelectedMessages)
        let seqs = try (body.messageSeqs ?? []).enumerated().map {
            try Validation.messageSeq($0.element, field: "message_seqs[\($0.offset)]")
        }
        let selector = MessageSelector(
            seqs: seqs, messageIDs: body.messageIDs ?? [], clientMsgNos: body.clientMsgNos ?? [])
        let found = try await services.storage.messages(in: key, matching: selector)
        return MessageRoutes.SyncResponse(
            startMessageSeq: 0, endMessageSeq: 0, more: 0, messages: found.map(MessageJSON.init))
    }

    /// One message by id or client_msg_no.
    func message(_ request: Request) async throws -> MessageJSON {
        let body = try await JSONBody.decode(MessageRequest.self, from: request)
        let key = try ChannelAddress.resolve(
            channelID: body.channelID, channelType: body.channelType, viewer: body.loginUID)
        let selector: MessageSelector
        if let id = body.messageID, id != 0 {
            selector = MessageSelector(messageIDs: [id])
        } else if let clientMsgNo = body.clientMsgNo, !clientMsgNo.isEmpty {
            selector = MessageSelector(clientMsgNos: [clientMsgNo])
        } else {
            throw APIError.badRequest("message_id or client_msg_no is required")
        }
        guard let found = try await services.storage.messages(in: key, matching: selector).last else {
            throw APIError.notFound("Message not found")
        }
        return MessageJSON(found)
    }

    func byClientMsgNo(_ request: Request) async throws -> MessageJSON {
        let key = try channel(fromQuery: request)
        guard let clientMsgNo = QueryParameters(request).string("client_msg_no"), !clientMsgNo.isEmpty else {
            throw APIError.badRequest("client_msg_no cannot be empty")
        }
        let found = try await services.storage.messages(in: key, matching: MessageSelector(clientMsgNos: [clientMsgNo]))
        guard let message = found.last else { throw APIError.notFound("Message not found") }
        return MessageJSON(message)
    }

    func lastMessage(_ request: Request) async throws -> MessageJSON {
        let key = try channel(fromQuery: request)
        let last = try await services.storage.messages(in: key, MessageQuery(limit: 1, newestFirst: true))
        guard let message = last.last else { throw APIError.notFound("The channel has no message") }
        return MessageJSON(message)
    }

    /// The channel named by `channel_id`, `channel_type` and (person channels) `login_uid`, or
    /// the internal `X@Y` id.
    private func channel(fromQuery request: Request) throws -> ChannelKey {
        let query = QueryParameters(request)
        return try ChannelAddress.resolve(
            channelID: query.string("channel_id"), channelType: try query.integer("channel_type", as: UInt8.self),
            viewer: query.string("login_uid"), acceptInternalPersonID: true)
    }
}
