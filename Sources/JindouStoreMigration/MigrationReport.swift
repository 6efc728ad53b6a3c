/// What a finished migration did.
package struct MigrationReport: Sendable {
    /// The source database file.
    package var source: String
    /// The target URL, password masked.
    package var target: String
    /// Rows of each table gone through by this run, in copy order.
    package var tables: [(name: String, rows: Int)]
    /// Messages written by this run.
    package var messages: Int
    /// The message id a resumed run continued after (0 for a full copy).
    package var resumedAfterMessageID: Int64
    /// What the verification compared (the whole target, not only this run's rows).
    package var verified: VerificationSummary
    /// Time spent copying, then verifying.
    package var copyTime: Duration
    package var verifyTime: Duration

    /// Rows gone through by this run.
    package var rows: Int { tables.reduce(0) { $0 + $1.rows } }

    /// A few lines for the operator.
    package var summary: String {
        let seconds = max(copyTime.seconds, 0.001)
        var lines = [
            "copied \(source) to \(target)",
            "  \(tables.count) tables, \(grouped(rows)) rows, \(grouped(messages)) messages in "
                + String(format: "%.1f s", copyTime.seconds)
                + ": \(grouped(Int(Double(rows) / seconds))) rows/s, \(grouped(Int(Double(messages) / seconds))) messages/s",
        ]
        if resumedAfterMessageID > 0 {
            lines.append(
                "  resumed: messages after id \(resumedAfterMessageID); rows of other tables already in the target were skipped"
            )
        }
        lines.append(
            "  verified in " + String(format: "%.1f s", verifyTime.seconds)
                + ": row counts of \(verified.tables) tables (\(grouped(verified.rows)) rows); message count, last seq "
                + "and checksum of \(grouped(verified.channels)) channels (\(grouped(verified.messages)) messages)")
        return lines.joined(separator: "\n")
    }
}
