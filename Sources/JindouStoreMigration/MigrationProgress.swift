/// How far a migration is, reported after every batch.
package struct MigrationProgress: Sendable, Hashable {
    package enum Phase: Sendable, Hashable {
        /// Copying the rows of one table.
        case copying(table: String)
        /// Comparing the target with the source.
        case verifying
    }

    package var phase: Phase
    /// Rows read from the source and written (or found already copied) so far.
    package var rowsDone: Int
    /// The rows this run has to go through (a resumed run skips the messages already copied).
    package var rowsTotal: Int
    /// Messages written so far by this run.
    package var messagesDone: Int
    /// Batches written so far by this run.
    package var batches: Int
    /// Time since the copy started.
    package var elapsed: Duration

    package init(
        phase: Phase, rowsDone: Int, rowsTotal: Int, messagesDone: Int, batches: Int, elapsed: Duration
    ) {
        self.phase = phase
        self.rowsDone = rowsDone
        self.rowsTotal = rowsTotal
        self.messagesDone = messagesDone
        self.batches = batches
        self.elapsed = elapsed
    }

    /// Rows per second so far.
    package var rowsPerSecond: Double {
        let seconds = elapsed.seconds
        return seconds > 0 ? Double(rowsDone) / seconds : 0
    }

    /// The estimated time left at the rate so far, nil before there is a rate.
    package var remaining: Duration? {
        let rate = rowsPerSecond
        guard rate > 0 else { return nil }
        return .seconds(Double(max(0, rowsTotal - rowsDone)) / rate)
    }

    /// The fraction done, 0...1.
    package var fraction: Double {
        rowsTotal > 0 ? min(1, Double(rowsDone) / Double(rowsTotal)) : 1
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
