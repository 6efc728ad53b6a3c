import JindouCore
import JindouStorage
import Logging

/// Sends one request until it gets a 200, until its oldest item is older than the maximum age
/// (then it is stored as a dead letter, after at least one attempt), or until the stream stops. Retries back off exponentially with
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
        let firstAttemptAt = WallClock.nowMilliseconds()
        let maxAgeMilliseconds = Int64(maxAge / .milliseconds(1))
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
                if WallClock.nowMilliseconds() - request.oldestItemAt >= maxAgeMilliseconds {
                    if request.deadLetterID == nil {
                        let letter = DeadLetter(
                            event: request.event.rawValue, eventID: request.eventID, body: request.body,
                            itemCount: request.itemCount, firstAttemptAt: firstAttemptAt,
                            deadAt: WallClock.nowMilliseconds(), attempts: attempt, lastError: failure.description)
                        guard await storeDeadLetters([letter]) else { return .stopped }
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

    /// Stores dead letters in one write, retrying while the store fails; false if the stream
    /// stopped first or `maxAttempts` failed.
    func storeDeadLetters(_ letters: [DeadLetter], maxAttempts: Int = .max) async -> Bool {
        var attempt = 0
        while attempt < maxAttempts {
            attempt += 1
            do {
                try await store.addDeadLetters(letters)
                for letter in letters {
                    if let event = WebhookEvent(rawValue: letter.event) {
                        metrics.recordDeadLetter(event)
                    }
                }
                if let first = letters.first {
                    logger.error(
                        "webhook requests given up and stored as dead letters",
                        metadata: [
                            "jindou.event": "\(first.event)", "jindou.event_id": "\(first.eventID)",
                            "jindou.dead_letters": "\(letters.count)", "error": "\(first.lastError)",
                        ])
                }
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
