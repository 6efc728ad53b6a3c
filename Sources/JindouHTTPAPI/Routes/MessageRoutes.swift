import Foundation
import Hummingbird
import JindouCore
import JindouEngine
import JindouProtocol
import JindouStorage

/// `POST /message/send`, `POST /message/sendbatch` and `POST /channel/messagesync`.
struct MessageRoutes {
    let services: APIServices

    /// The largest decoded payload `/message/send` accepts (a RECV of it must still fit a client's packet limit).
    static let maxPayloadSize = 512 * 1024

    /// The largest page `/channel/messagesync` returns.
    static let maxSyncLimit = 10_000

    struct SendRequest: Decodable {
        var header: MessageHeaderJSON?
        var clientMsgNo: String?
        var fromUID: String?
        var channelID: String?
        var channelType: UInt8?
        var expire: UInt32?
        var subscribers: [String]?
        var payload: String?
    }

    struct SendResponse: ResponseEncodable {
        struct Data: Encodable {
            var messageID: Int64
            var messageSeq: UInt64
            var clientMsgNo: String
        }

        var messageID: Int64
        var messageSeq: UInt64
        var clientMsgNo: String
        /// The same fields again, where WuKongIM v2 backends read them.
        var data: Data
    }

    struct SyncRequest: Decodable {
        var loginUID: String?
        var channelID: String?
        var channelType: UInt8?
        var startMessageSeq: UInt64?
        var endMessageSeq: UInt64?
        var limit: Int?
        var pullMode: Int?
    }

    struct SyncResponse: ResponseEncodable {
        var startMessageSeq: UInt64
        var endMessageSeq: UInt64
        var more: Int
        var messages: [MessageJSON]
    }

    struct BatchRequest: Decodable {
        var header: MessageHeaderJSON?
        var fromUID: String?
        var subscribers: [String]?
        var payload: String?
    }

    struct BatchResponse: ResponseEncodable {
        var failUIDs: [String]
        var reason: [UInt8]
    }

    func register(on routes: RouteRegistrar) {
        routes.service.post("/message/send") { request, _ in try await send(request) }
        routes.service.post("/message/sendbatch") { request, _ in try await sendBatch(request) }
        routes.read.orUser(.bodyChannel(uidField: "login_uid")).post("/channel/messagesync") { request, _ in
            try await sync(request)
        }
    }

    /// The decoded payload of a send request.
    private func payload(_ encoded: String?) throws -> [UInt8] {
        guard let encoded, !encoded.isEmpty else { throw APIError.badRequest("payload cannot be empty") }
        guard let payload = Data(base64Encoded: encoded) else { throw APIError.badRequest("payload must be base64") }
        guard payload.count <= Self.maxPayloadSize else {
            throw APIError.badRequest("payload cannot be larger than \(Self.maxPayloadSize) bytes")
        }
        return Array(payload)
    }

    /// The packet flags of a request's `header`.
    private func flags(_ header: MessageHeaderJSON?) throws -> PacketFlags {
        var flags: PacketFlags = []
        if try Validation.flag(header?.noPersist, field: "header.no_persist") { flags.insert(.noPersist) }
        if try Validation.flag(header?.redDot, field: "header.red_dot") { flags.insert(.redDot) }
        if try Validation.flag(header?.syncOnce, field: "header.sync_once") { flags.insert(.syncOnce) }
        return flags
    }

    /// One person message from `from_uid` to each subscriber; refused recipients are listed with
    /// their reason code, the others get their message.
    func sendBatch(_ request: Request) async throws -> BatchResponse {
        let body = try await JSONBody.decode(BatchRequest.self, from: request)
        let fromUID = try Validation.uid(body.fromUID, field: "from_uid")
        let recipients = try Validation.uids(body.subscribers, field: "subscribers")
        let payload = try payload(body.payload)
        let flags = try flags(body.header)
        var response = BatchResponse(failUIDs: [], reason: [])
        let outcomes = await SendOutcomes.collect(recipients.count) { index, completion in
            let message = OutboundMessage(
                fromUID: fromUID, channelID: recipients[index], channelType: .person,
                clientMsgNo: UUID().uuidString.lowercased(), flags: flags, expire: 0, payload: payload)
            services.sendPipeline.submit(message, origin: nil, completion: completion)
        }
        for (recipient, outcome) in zip(recipients, outcomes) {
            if case .refused(let reason) = outcome {
                response.failUIDs.append(recipient)
                response.reason.append(reason.rawValue)
            }
        }
        return response
    }

    func send(_ request: Request) async throws -> SendResponse {
        let body = try await JSONBody.decode(SendRequest.self, from: request)
        let payload = try payload(body.payload)
        if let subscribers = body.subscribers, !subscribers.isEmpty {
            throw APIError.badRequest(
                "subscribers is not supported; send to a channel with channel_id and channel_type")
        }
        let channelID = try Validation.channelID(body.channelID)
        let channelType = try Validation.channelType(body.channelType)
        let fromUID =
            (body.fromUID?.isEmpty ?? true) ? ReservedUID.system : try Validation.uid(body.fromUID, field: "from_uid")
        let flags = try flags(body.header)
        let clientMsgNo = (body.clientMsgNo?.isEmpty ?? true) ? UUID().uuidString.lowercased() : body.clientMsgNo!
        guard clientMsgNo.utf8.count <= IdentifierRules.maxChannelIDLength else {
            throw APIError.badRequest("client_msg_no cannot be longer than \(IdentifierRules.maxChannelIDLength) bytes")
        }
        let message = OutboundMessage(
            fromUID: fromUID, channelID: channelID, channelType: channelType, clientMsgNo: clientMsgNo, flags: flags,
            expire: body.expire ?? 0, payload: payload)
        let outcome = await services.sendPipeline.submit(message)
        if case .refused(let reason) = outcome {
            throw Self.error(for: reason)
        }
        if fromUID != ReservedUID.system {
            services.engine.activity.touch(fromUID)
        }
        return SendResponse(
            messageID: outcome.messageID, messageSeq: outcome.messageSeq, clientMsgNo: clientMsgNo,
            data: .init(messageID: outcome.messageID, messageSeq: outcome.messageSeq, clientMsgNo: clientMsgNo))
    }

    /// The HTTP answer for a refused send.
    static func error(for reason: ReasonCode) -> APIError {
        let (status, text): (HTTPResponse.Status, String) =
            switch reason {
            case .subscriberNotExist: (.forbidden, "Sender is not a subscriber of the channel")
            case .inBlacklist: (.forbidden, "Sender is in the channel's denylist")
            case .notInWhitelist: (.forbidden, "Sender is not in the channel's allowlist")
            case .notAllowSend: (.forbidden, "Sender may not send to this channel")
            case .ban: (.forbidden, "The channel or the sender is banned")
            case .disband: (.forbidden, "The channel was disbanded")
            case .sendBan: (.forbidden, "Sending is banned")
            case .channelNotExist: (.notFound, "Channel does not exist")
            case .channelIDError: (.badRequest, "Channel ID is invalid")
            case .notSupportChannelType: (.badRequest, "Channel type is not supported")
            case .idempotencyConflict: (.conflict, "client_msg_no was already used with a different payload")
            case .rateLimit: (.tooManyRequests, "Send rate limit exceeded")
            case .systemError: (.internalServerError, "The message could not be stored")
            default: (.forbidden, "Send refused")
            }
        return APIError(status, "\(text) (reason \(reason.rawValue))", reasonCode: reason.rawValue)
    }

    func sync(_ request: Request) async throws -> SyncResponse {
        let body = try await JSONBody.decode(SyncRequest.self, from: request)
        let loginUID = try Validation.uid(body.loginUID, field: "login_uid")
        let key = try ChannelAddress.resolve(channelID: body.channelID, channelType: body.channelType, viewer: loginUID)
        let limit = body.limit ?? 0
        guard limit >= 0 else { throw APIError.badRequest("limit cannot be negative") }
        let effectiveLimit = limit == 0 ? 100 : min(limit, Self.maxSyncLimit)
        let start = try Validation.messageSeq(body.startMessageSeq, field: "start_message_seq")
        let end = try Validation.messageSeq(body.endMessageSeq, field: "end_message_seq")
        let pullUp = (body.pullMode ?? 0) == 1
        guard body.pullMode == nil || body.pullMode == 0 || body.pullMode == 1 else {
            throw APIError.badRequest("pull_mode must be 0 (down) or 1 (up)")
        }
        // Ask for one more than the page to learn whether more remain.
        let query: MessageQuery
        if start == 0 && end == 0 {
            query = MessageQuery(limit: effectiveLimit + 1, newestFirst: true)
        } else if pullUp {
            let upper = end == 0 ? UInt64.max : end - 1
            query = MessageQuery(fromSeq: max(start, 1), toSeq: upper, limit: effectiveLimit + 1, newestFirst: false)
        } else {
            let upper = start == 0 ? UInt64.max : start
            query = MessageQuery(fromSeq: end + 1, toSeq: upper, limit: effectiveLimit + 1, newestFirst: true)
        }
        guard query.fromSeq <= query.toSeq else {
            return SyncResponse(startMessageSeq: start, endMessageSeq: end, more: 0, messages: [])
        }
        var messages = try await services.storage.messages(in: key, query)
        let more = messages.count > effectiveLimit
        if more {
            if query.newestFirst { messages.removeFirst() } else { messages.removeLast() }
        }
        return SyncResponse(
            startMessageSeq: start, endMessageSeq: end, more: more ? 1 : 0, messages: messages.map(MessageJSON.init)
        )
    }
}
