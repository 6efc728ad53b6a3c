/// A range of a channel's log to read.
package struct MessageQuery: Sendable, Hashable {
    /// Inclusive lower bound of the seqs to consider.
    package var fromSeq: UInt64
    /// Inclusive upper bound of the seqs to consider.
    package var toSeq: UInt64
    /// At most this many messages.
    package var limit: Int
    /// Take the newest `limit` messages of the range instead of the oldest.
    /// The result is always in ascending seq order.
    package var newestFirst: Bool

    package init(fromSeq: UInt64 = 1, toSeq: UInt64 = .max, limit: Int, newestFirst: Bool) {
        self.fromSeq = fromSeq
        self.toSeq = toSeq
        self.limit = limit
        self.newestFirst = newestFirst
    }
}
