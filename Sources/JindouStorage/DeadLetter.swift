/// A webhook request that could not be delivered within its maximum age, kept until it is
/// replayed successfully.
package struct DeadLetter: Sendable, Hashable {
    /// The store's id, 0 before it is stored.
    package var id: Int64
    /// The event name (`msg.notify`, …).
    package var event: String
    /// The `X-Jindou-Event-Id` it was sent with; a replay sends the same id.
    package var eventID: String
    /// The request body, exactly as it was sent.
    package var body: [UInt8]
    /// How many messages or events the body carries.
    package var itemCount: Int
    /// Unix milliseconds of the first attempt.
    package var firstAttemptAt: Int64
    /// Unix milliseconds when it was given up.
    package var deadAt: Int64
    package var attempts: Int
    /// The last failure, as the operator should read it.
    package var lastError: String

    package init(
        id: Int64 = 0, event: String, eventID: String, body: [UInt8], itemCount: Int, firstAttemptAt: Int64,
        deadAt: Int64, attempts: Int, lastError: String
    ) {
        self.id = id
        self.event = event
        self.eventID = eventID
        self.body = body
        self.itemCount = itemCount
        self.firstAttemptAt = firstAttemptAt
        self.deadAt = deadAt
        self.attempts = attempts
        self.lastError = lastError
    }
}
