import Synchronization

/// How long a group-commit writer's commits took (statements, COMMIT, sync and any checkpoint),
/// counted in fixed buckets: the evidence for where a SENDACK latency tail comes from. The writer
/// records once per commit (not per message) under an uncontended lock; anyone may read.
package final class CommitTimeHistogram: Sendable {
    /// Upper bounds of the buckets, in milliseconds; a last bucket takes everything above.
    package static let boundsMilliseconds: [Int] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

    private let counts = Mutex([Int](repeating: 0, count: boundsMilliseconds.count + 1))

    package init() {}

    /// Counts one commit of `nanoseconds`.
    package func record(nanoseconds: Int) {
        let milliseconds = Double(nanoseconds) / 1e6
        let bucket = Self.boundsMilliseconds.firstIndex { milliseconds <= Double($0) } ?? Self.boundsMilliseconds.count
        counts.withLock { $0[bucket] += 1 }
    }

    /// Commits per bucket, in the order of ``boundsMilliseconds`` and then the overflow bucket.
    package var snapshot: [Int] {
        counts.withLock { $0 }
    }

    /// `"≤1ms:3 ≤2ms:10 … >1000ms:1"`: the commits of `counts` (a snapshot) that came after the
    /// snapshot `previous`, leaving out empty buckets.
    package static func describe(_ counts: [Int], since previous: [Int] = []) -> String {
        counts.enumerated().compactMap { index, total in
            let count = total - (index < previous.count ? previous[index] : 0)
            guard count > 0 else { return nil }
            let label =
                index < boundsMilliseconds.count
                ? "≤\(boundsMilliseconds[index])ms" : ">\(boundsMilliseconds[boundsMilliseconds.count - 1])ms"
            return "\(label):\(count)"
        }.joined(separator: " ")
    }
}
