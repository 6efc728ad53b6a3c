import Foundation
import Hummingbird
import JindouCore
import JindouStorage

/// `GET /audit`: pages through the audit trail, newest first (admin only). There is no route
/// that changes or deletes entries, and the store refuses to.
struct AuditRoutes {
    let services: APIServices

    /// The largest page.
    static let maxLimit = 1000

    struct Entry: Encodable {
        var id: Int64
        /// Unix milliseconds.
        var time: Int64
        var actor: String
        var clientIP: String
        var userAgent: String
        var action: String
        var uids: [String]
        var channelID: String
        var channelType: UInt8
        var reason: String
        var before: JSONValue
        var after: JSONValue

        init(_ entry: AuditEntry) {
            id = entry.id
            time = entry.time
            actor = entry.actor
            clientIP = entry.clientIP
            userAgent = entry.userAgent
            action = entry.action.rawValue
            uids = entry.uids
            channelID = entry.channelID
            channelType = entry.channelType
            reason = entry.reason
            before = JSONValue(parsing: entry.before)
            after = JSONValue(parsing: entry.after)
        }
    }

    struct Page: ResponseEncodable {
        var entries: [Entry]
        /// Pass as `cursor` for the next (older) page; absent on the last page.
        var nextCursor: Int64?
    }

    func register(on routes: RouteRegistrar) {
        routes.admin.get("/audit") { request, _ in try await page(request) }
    }

    func page(_ request: Request) async throws -> Page {
        let query = QueryParameters(request)
        let limit = try query.integer("limit") ?? 100
        guard (1...Self.maxLimit).contains(limit) else {
            throw APIError.badRequest("limit must be from 1 to \(Self.maxLimit)")
        }
        let action = query.string("action").flatMap { $0.isEmpty ? nil : AuditAction(rawValue: $0) }
        let uid = query.string("uid").flatMap { $0.isEmpty ? nil : $0 }
        let channelID = query.string("channel_id").flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await services.storage.auditEntries(
            AuditQuery(
                since: try Self.time(query, "since"), until: try Self.time(query, "until"), action: action, uid: uid,
                channelID: channelID, limit: limit + 1, cursor: try query.integer("cursor", as: Int64.self)))
        let page = Array(entries.prefix(limit))
        return Page(entries: page.map(Entry.init), nextCursor: entries.count > limit ? page.last?.id : nil)
    }

    /// A time bound: unix milliseconds or an ISO 8601 date-time.
    static func time(_ query: QueryParameters, _ name: String) throws -> Int64? {
        guard let text = query.string(name), !text.isEmpty else { return nil }
        if let milliseconds = Int64(text) { return milliseconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        guard let date, let milliseconds = Int64(exactly: (date.timeIntervalSince1970 * 1000).rounded(.down)) else {
            throw APIError.badRequest("\(name) must be unix milliseconds or an ISO 8601 date-time")
        }
        return milliseconds
    }
}
