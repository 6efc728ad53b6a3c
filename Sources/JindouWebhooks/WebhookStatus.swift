/// What `GET /webhooks` reports, with ``SnakeCaseKeys`` (`queue_depth`).
package struct WebhookStatus: Codable, Sendable {
    /// Whether `webhook_url` is set.
    package var enabled: Bool
    /// The endpoint, with any password masked.
    package var url: String?
    package var events: [String: EventStatus]

    /// The status when no webhook_url is configured.
    package static let disabled = WebhookStatus(enabled: false, url: nil, events: [:])

    init(enabled: Bool, url: String?, events: [String: EventStatus]) {
        self.enabled = enabled
        self.url = url
        self.events = events
    }

    /// One event's stream.
    package struct EventStatus: Codable, Sendable {
        /// Whether the event is in `webhook_events`.
        package var enabled: Bool
        /// msg.notify: the id of the last message delivered.
        package var watermark: Int64?
        /// Messages or events not yet delivered (for msg.notify an estimate).
        package var queueDepth: Int
        /// Age of the oldest item not yet delivered.
        package var lagSeconds: Double
        /// Unix milliseconds of the last 200.
        package var lastSuccessAt: Int64?
        package var lastError: String?
        package var lastErrorAt: Int64?
        /// Failed attempts of the request in flight.
        package var inFlightRetries: Int
        package var deliveredRequests: Int
        package var deliveredItems: Int
        package var failedAttempts: Int
        /// Dead letters of this event in the store.
        package var deadLetters: Int
    }
}
