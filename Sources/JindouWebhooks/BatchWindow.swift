/// When a batch that is not full goes out: it waits for more items up to the batch interval,
/// counted from when the stream first saw it not full; a full batch goes out at once.
struct BatchWindow {
    let batchMax: Int
    let interval: Duration
    private var openedAt: ContinuousClock.Instant?

    init(batchMax: Int, interval: Duration) {
        self.batchMax = batchMax
        self.interval = interval
    }

    /// How long to wait for more before sending `count` items, nil to send now (which closes the
    /// window for the next batch).
    mutating func wait(before count: Int) -> Duration? {
        if count < batchMax {
            let opened = openedAt ?? .now
            openedAt = opened
            let waited = ContinuousClock.now - opened
            if waited < interval { return interval - waited }
        }
        openedAt = nil
        return nil
    }

    /// Nothing is waiting: the next item opens a new window.
    mutating func reset() {
        openedAt = nil
    }
}
