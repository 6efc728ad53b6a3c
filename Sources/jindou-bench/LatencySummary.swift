import Histogram

/// Percentiles of a microsecond histogram, in milliseconds.
struct LatencySummary: Codable, Sendable {
    var count: UInt64
    var p50: Double
    var p90: Double
    var p99: Double
    var p999: Double
    var max: Double

    init(microseconds histogram: Histogram<UInt64>) {
        self.count = histogram.totalCount
        func ms(_ value: UInt64) -> Double { Double(value) / 1000 }
        if histogram.totalCount == 0 {
            self.p50 = 0
            self.p90 = 0
            self.p99 = 0
            self.p999 = 0
            self.max = 0
        } else {
            self.p50 = ms(histogram.valueAtPercentile(50))
            self.p90 = ms(histogram.valueAtPercentile(90))
            self.p99 = ms(histogram.valueAtPercentile(99))
            self.p999 = ms(histogram.valueAtPercentile(99.9))
            self.max = ms(histogram.max)
        }
    }

    var text: String {
        count == 0
            ? "no samples"
            : "p50 \(Self.format(p50)) ms, p90 \(Self.format(p90)) ms, p99 \(Self.format(p99)) ms, "
                + "p99.9 \(Self.format(p999)) ms, max \(Self.format(max)) ms (n=\(count))"
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return String(scaled)
    }
}
