/// One request to the webhook endpoint, retried as it is until it succeeds or dies.
package struct WebhookRequest: Sendable {
    package var event: WebhookEvent
    /// `X-Jindou-Event-Id`: the same on every attempt, so a receiver can drop duplicates.
    package var eventID: String
    /// The JSON body.
    package var body: [UInt8]
    /// The messages or status lines it carries.
    package var itemCount: Int
    /// Unix milliseconds when its oldest item happened, for the lag.
    package var oldestItemAt: Int64
    /// Set when it replays a stored dead letter: removed from the store once delivered.
    package var deadLetterID: Int64?

    package init(
        event: WebhookEvent, eventID: String, body: [UInt8], itemCount: Int, oldestItemAt: Int64,
        deadLetterID: Int64? = nil
    ) {
        self.event = event
        self.eventID = eventID
        self.body = body
        self.itemCount = itemCount
        self.oldestItemAt = oldestItemAt
        self.deadLetterID = deadLetterID
    }
}
