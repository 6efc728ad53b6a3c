import Synchronization

/// Generates unique, strictly increasing 64-bit message ids in the snowflake layout
/// `(milliseconds - epoch) << 22 | nodeID << 12 | step`, lock-free.
///
/// Ids never go backwards, even if the wall clock does or more than 4096 ids are taken in one
/// millisecond (the generator then borrows from the next millisecond). Seed it with the largest id
/// already stored so a restart cannot reuse one.
package final class MessageIDGenerator: Sendable {
    /// Twitter's snowflake epoch (2010-11-04), as bwmarrin/snowflake uses.
    package static let epochMilliseconds: Int64 = 1_288_834_974_657
    /// The largest node id the layout can hold.
    package static let maxNodeID: Int64 = 1023

    package let nodeID: Int64
    private let last: Atomic<Int64>

    /// - Parameters:
    ///   - nodeID: 0...1023.
    ///   - floor: every id returned is greater than this one.
    package init(nodeID: Int64, floor: Int64 = 0) {
        precondition((0...Self.maxNodeID).contains(nodeID), "node id out of range")
        self.nodeID = nodeID
        self.last = Atomic(floor)
    }

    /// The node that generated `id` (its bits 12-21).
    package static func nodeID(of id: Int64) -> Int64 {
        (id >> 12) & maxNodeID
    }

    /// The smallest id any node generates at `milliseconds` (Unix time): ids below it are older.
    package static func smallestID(atMilliseconds milliseconds: Int64) -> Int64 {
        max(0, milliseconds - epochMilliseconds) << 22
    }

    /// The next id, using the current wall clock.
    package func next() -> Int64 {
        next(nowMilliseconds: WallClock.nowMilliseconds())
    }

    /// The next id for a given wall-clock time (exposed for tests).
    package func next(nowMilliseconds: Int64) -> Int64 {
        let fresh = ((nowMilliseconds - Self.epochMilliseconds) << 22) | (nodeID << 12)
        var current = last.load(ordering: .relaxed)
        while true {
            var candidate = fresh
            if candidate <= current {
                candidate = current + 1
                if candidate & 0xFFF == 0 {
                    // The step overflowed into the node bits: move to the next millisecond.
                    candidate = (((current >> 22) + 1) << 22) | (nodeID << 12)
                }
            }
            let (exchanged, original) = last.compareExchange(
                expected: current, desired: candidate, ordering: .relaxed)
            if exchanged { return candidate }
            current = original
        }
    }

    /// The milliseconds since 1970 encoded in an id.
    package static func timestampMilliseconds(of id: Int64) -> Int64 {
        (id >> 22) + epochMilliseconds
    }
}
