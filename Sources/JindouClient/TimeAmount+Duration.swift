import NIOCore

extension TimeAmount {
    /// `duration` rounded down to nanoseconds (saturating).
    init(converting duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (secondNanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total = overflow ? Int64.max : secondNanos.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
        self = .nanoseconds(total)
    }
}
