/// The bounds on what one request may ask for, in one place; the OpenAPI document states them.
enum RequestLimits {
    /// The largest message seq: seqs are stored as SQLite INTEGERs.
    static let maxMessageSeq = UInt64(Int64.max)
}
