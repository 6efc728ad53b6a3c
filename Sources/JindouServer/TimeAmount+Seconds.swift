import NIOCore

extension TimeAmount {
    /// A duration given in (possibly fractional) seconds, as configuration files write them.
    static func fractionalSeconds(_ seconds: Double) -> TimeAmount {
        .nanoseconds(Int64((seconds * 1_000_000_000).rounded()))
    }
}
