import JindouCore
import JindouStorage
import Logging

/// Sends one request until it gets a 200, until it is older than the maximum age (then it is
/// stored as a dead letter), or until the stream stops. Retries back off exponentially with
/// jitter; a stream has one request in flight at a time, so a failing endpoint sees at most one
/// retry per backoff interval per event.
struct WebhookDeliverer: Sendable {
    /// How a delivery ended.
    enum Outcome: Sendable {
        case delivered
        /// Given up after the maximum age; stored as a dead letter (or, for a replayed dead
        /// letter, left in the store).
        case deadLettered
        /// The stream is stopping; the request was not delivered.
        case stopped
    }

    let transport: WebhookTransport
    let store: any WebhookStore
    let backoff: RetryBackoff
    let maxAge: Duration
    let metrics: WebhookMetrics
    let logger: Logger
    let failureLog = RepeatThrottle(interval: .seconds(10))

    func deliver(_ request: WebhookRequest, state: WebhookStreamState) async -> Outcome {
        let started = ContinuousClock.now
        let firstAttemptAt = WallClock.nowMilliseconds()
        var attempt = 0
        while !Task.isCancelled {
            attempt += 1
            switch await transport.post(request, attempt: attempt) {
            case .success:
                metrics.recordAttempt(request.event, success: true)
                state.recordSuccess(request)
                if let id = request.deadLetterID {
                    await removeDeadLetter(id)
                }
                return .delivered
            case .failure(let failure):
                // A request cut short by shutdown says nothing about the endpoint.
                if Task.isCancelled { return .stopped }
                metrics.recordAttempt(request.event, success: false)
                state.recordFailure(failure.description)
                if let suppressed = failureLog.shouldLog() {
                    logger.warning(
                        "webhook request failed; retrying",
                        metadata: [
                            "jindou.event": "\(request.event)", "jindou.event_id": "\(request.eventID)",
                            "jindou.attempt": "\(attempt)", "error": "\(failure)",
                            "jindou.similar_errors_suppressed": "\(suppressed)",
                        ])
                }
                if ContinuousClock.now - started >= maxAge {
                    if request.deadLetterID == nil {
                        let letter = DeadLetter(
                            event: request.event.rawValue, eventID: request.eventID, body: request.body,
                            itemCount: request.itemCount, firstAttemptAt: firstAttemptAt,
                            deadAt: WallClock.nowMilliseconds(), attempts: attempt, lastError: failure.description)
                        guard await storeDeadLetter(letter) else { return .stopped }
                    }
                    state.recordDeadLetter()
                    return .deadLettered
                }
                do {
                    try await Task.sleep(for: backoff.delay(forRetry: attempt))
                } catch {
                    return .stopped
                }
            }
        }
        return .stopped
    }

    /// Stores a dead letter, retrying while the store fails; false if the stream stopped first or
    /// `maxAttempts` failed.
    func storeDeadLetter(_ letter: DeadLetter, maxAttempts: Int = .max) async -> Bool {
        var attempt = 0
        while attempt < maxAttempts {
            attempt += 1
            do {
                _ = try await store.addDeadLetter(letter)
                if let event = WebhookEvent(rawValue: letter.event) {
                    metrics.recordDeadLetter(event)
                }
                logger.error(
                    "webhook request given up and stored as a dead letter",
                    metadata: [
                        "jindou.event": "\(letter.event)", "jindou.event_id": "\(letter.eventID)",
                        "jindou.attempts": "\(letter.attempts)", "error": "\(letter.lastError)",
                    ])
                return true
            } catch {
                logger.error("storing a webhook dead letter failed", metadata: ["error": "\(error)"])
                do {
                    try await Task.sleep(for: backoff.delay(forRetry: attempt))
                } catch {
                    return false
                }
            }
        }
        return false
    }

    private func removeDeadLetter(_ id: Int64) async {
        do {
            try await store.removeDeadLetter(id: id)
        } catch {
            logger.error(
                "a replayed dead letter was delivered but could not be removed",
                metadata: ["jindou.dead_letter": "\(id)", "error": "\(error)"])
        }
    }
}
