import Foundation

/// How the webhooks reach the business backend.
package struct WebhookConfiguration: Sendable, Equatable {
    /// `POST {url}?event=<name>`.
    package var url: URL
    /// The events sent; nothing is queued for the others.
    package var events: Set<WebhookEvent> = Set(WebhookEvent.allCases)
    /// Signs each request (`X-Jindou-Signature`) when not empty.
    package var secret: String = ""
    /// The most messages (msg.notify) or status lines (user.onlinestatus) in one request.
    package var batchMax = 100
    /// How long a batch waits to fill before it is sent anyway.
    package var batchInterval: Duration = .milliseconds(500)
    /// How long one request may take, connecting included.
    package var timeout: Duration = .seconds(10)
    /// The first retry's delay; each later one doubles, with jitter, up to ``retryMax``.
    package var retryBase: Duration = .seconds(1)
    package var retryMax: Duration = .seconds(60)
    /// How long a request is retried before it becomes a dead letter.
    package var maxAge: Duration = .seconds(24 * 3600)
    /// msg.offline lists with more uids than this are sent gzip-compressed (`compress_to_uids`).
    package var offlineCompressThreshold = 1000
    /// msg.offline and user.onlinestatus events queued in memory per event; past it the oldest
    /// are written to the dead letters.
    package var queueLimit = 100_000
    /// The most estimated bytes of msg.offline or user.onlinestatus events queued in memory per
    /// event (the overflow waiting for the dead letters may hold as much again).
    package var queueBytes = 64 << 20

    package init(url: URL) {
        self.url = url
    }

    /// The URL a request of `event` goes to: the configured one with `event=<name>` added.
    package func url(for event: WebhookEvent) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return url.absoluteString + "?event=\(event.rawValue)"
        }
        let existing = components.queryItems ?? []
        components.queryItems = existing + [URLQueryItem(name: "event", value: event.rawValue)]
        return components.string ?? url.absoluteString + "?event=\(event.rawValue)"
    }

    /// The URL without any password, for logs and `/webhooks`.
    package var displayURL: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(invalid)" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "(invalid)"
    }

    /// Checks a `webhook_url` value: an absolute http or https URL with a host.
    package static func validURL(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }
}
