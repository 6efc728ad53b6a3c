import Foundation

/// An event the webhooks report, by its WuKongIM name (the `event` query parameter).
package enum WebhookEvent: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Every stored message, in batches.
    case messageNotify = "msg.notify"
    /// Per stored message, its recipients without an online connection.
    case messageOffline = "msg.offline"
    /// Connections authenticating and closing, in batches.
    case userOnlineStatus = "user.onlinestatus"

    package var description: String { rawValue }

    /// Parses a comma-separated list of event names; nil names the first unknown one.
    package static func parseList(_ text: String) -> Result<Set<WebhookEvent>, UnknownEvent> {
        var events: Set<WebhookEvent> = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let event = WebhookEvent(rawValue: name) else { return .failure(UnknownEvent(name: name)) }
            events.insert(event)
        }
        return .success(events)
    }

    /// An event name that is not one of ``WebhookEvent``.
    package struct UnknownEvent: Error, CustomStringConvertible {
        package var name: String
        package var description: String {
            "unknown event \"\(name)\" (known: \(WebhookEvent.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
