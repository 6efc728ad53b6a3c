import Hummingbird
import JindouCore
import JindouWebhooks

/// The webhooks' state and replays: `GET /webhooks`, `POST /webhooks/replay` (admin only: a replay
/// re-sends message contents to the configured endpoint).
struct WebhookRoutes {
    let services: APIServices

    struct ReplayRequest: Decodable {
        /// Replay stored dead letters (all, or those in `ids`; of `event` if given).
        var deadLetters: Bool?
        var event: String?
        var ids: [Int64]?
        /// Or replay a channel's messages with seqs `start_seq…end_seq` to msg.notify.
        var channelID: String?
        var channelType: UInt8?
        var loginUID: String?
        var startSeq: UInt64?
        var endSeq: UInt64?
    }

    struct ReplayResponse: ResponseEncodable {
        /// Dead-letter requests, or messages, queued to be sent again.
        var queued: Int
    }

    func register(on routes: RouteRegistrar) {
        routes.admin.get("/webhooks") { _, _ -> WebhookStatus in
            guard let webhooks = services.webhooks else {
                return .disabled
            }
            return await webhooks.status()
        }
        routes.admin.post("/webhooks/replay") { request, _ -> ReplayResponse in
            let body = try await JSONBody.decode(ReplayRequest.self, from: request)
            guard let webhooks = services.webhooks else {
                throw APIError(.conflict, "Webhooks are not configured (set webhook_url)")
            }
            let namesChannel = body.channelID != nil
            switch (body.deadLetters ?? false, namesChannel) {
            case (true, true):
                throw APIError.badRequest("dead_letters cannot be combined with channel_id")
            case (false, false):
                throw APIError.badRequest("Give dead_letters: true, or channel_id, channel_type, start_seq and end_seq")
            case (true, false):
                return ReplayResponse(queued: try await replayDeadLetters(body, webhooks))
            case (false, true):
                return ReplayResponse(queued: try await replayMessages(body, webhooks))
            }
        }
    }

    private func replayDeadLetters(_ body: ReplayRequest, _ webhooks: Webhooks) async throws -> Int {
        var event: WebhookEvent?
        if let name = body.event, !name.isEmpty {
            guard let known = WebhookEvent(rawValue: name) else {
                throw APIError.badRequest(
                    "event must be one of \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            event = known
        }
        try Validation.listSize(body.ids?.count ?? 0, field: "ids")
        let ids = body.ids.map(Set.init)
        return try await webhooks.replayDeadLetters(event: event, ids: ids)
    }

    private func replayMessages(_ body: ReplayRequest, _ webhooks: Webhooks) async throws -> Int {
        let channel = try ChannelAddress.resolve(
            channelID: body.channelID, channelType: body.channelType, viewer: body.loginUID,
            acceptInternalPersonID: true)
        guard let startSeq = body.startSeq, startSeq >= 1 else {
            throw APIError.badRequest("start_seq is required and must be at least 1")
        }
        let start = try Validation.messageSeq(startSeq, field: "start_seq")
        let end = try Validation.messageSeq(body.endSeq ?? start, field: "end_seq")
        // An empty range queues nothing; a long one its first maxReplayMessages messages.
        guard end >= start else { return 0 }
        guard let queued = try await webhooks.replayMessages(of: channel, seqs: start...end) else {
            throw APIError(.conflict, "msg.notify is not in webhook_events")
        }
        return queued
    }
}

extension WebhookStatus: ResponseEncodable {}
