import NIOCore
import Synchronization

/// The in-memory queue of one event stream (msg.offline, user.onlinestatus): appended to from
/// any thread without waiting, taken from by the stream's task. Bounded by a number of items and
/// by their estimated bytes; an append past either bound moves the oldest items to the overflow,
/// which the stream writes to the dead letters (``overflowBell`` wakes it), so memory stays
/// bounded and nothing is dropped silently. Only when the overflow is itself full (the store
/// cannot keep up) are items dropped, and counted.
final class BoundedEventQueue<Item: Sendable>: Sendable {
    /// An item, when it was queued (unix milliseconds) and its estimated size.
    struct Entry: Sendable {
        var item: Item
        var queuedAt: Int64
        var bytes: Int
    }

    private struct State {
        var items = CircularBuffer<Entry>()
        var itemBytes = 0
        var overflow: [Entry] = []
        var overflowBytes = 0
        /// Items lost because even the overflow was full.
        var dropped = 0
    }

    private let state = Mutex(State())
    private let limit: Int
    private let byteLimit: Int
    private let cost: @Sendable (Item) -> Int
    /// Rung when an item is appended.
    let doorbell = Doorbell()
    /// Rung when items move to the overflow.
    let overflowBell = Doorbell()

    /// - Parameters:
    ///   - limit: the most items queued (the overflow holds as many again).
    ///   - byteLimit: the most estimated bytes queued (the overflow holds as many again).
    ///   - cost: an item's estimated size in bytes.
    init(limit: Int, byteLimit: Int, cost: @escaping @Sendable (Item) -> Int) {
        self.limit = max(1, limit)
        self.byteLimit = max(1, byteLimit)
        self.cost = cost
    }

    /// Appends an item; never blocks.
    func append(_ item: Item, at time: Int64) {
        let entry = Entry(item: item, queuedAt: time, bytes: cost(item))
        let overflowed = state.withLock { state -> Bool in
            state.items.append(entry)
            state.itemBytes += entry.bytes
            var moved = false
            while state.items.count > 1, state.items.count > limit || state.itemBytes > byteLimit,
                let oldest = state.items.popFirst()
            {
                state.itemBytes -= oldest.bytes
                if state.overflow.count < limit && state.overflowBytes + oldest.bytes <= byteLimit {
                    state.overflow.append(oldest)
                    state.overflowBytes += oldest.bytes
                    moved = true
                } else {
                    state.dropped += 1
                }
            }
            return moved || state.dropped > 0
        }
        doorbell.ring()
        if overflowed { overflowBell.ring() }
    }

    /// Removes and returns up to `count` items from the front.
    func take(upTo count: Int) -> [Entry] {
        state.withLock { state in
            let taken = Array(state.items.prefix(count))
            state.items.removeFirst(taken.count)
            state.itemBytes -= taken.reduce(0) { $0 + $1.bytes }
            return taken
        }
    }

    /// Puts items back at the front (a request that was not sent at shutdown).
    func putBack(_ entries: [Entry]) {
        state.withLock { state in
            for entry in entries.reversed() {
                state.items.prepend(entry)
                state.itemBytes += entry.bytes
            }
        }
    }

    /// Removes and returns what overflowed, and how many items were dropped since the last call.
    func takeOverflow() -> (entries: [Entry], dropped: Int) {
        state.withLock { state in
            defer {
                state.overflow = []
                state.overflowBytes = 0
                state.dropped = 0
            }
            return (state.overflow, state.dropped)
        }
    }

    /// Items waiting (overflow included), and when the oldest queued one was queued.
    var depth: (count: Int, oldestAt: Int64?) {
        state.withLock { ($0.items.count + $0.overflow.count, $0.items.first?.queuedAt) }
    }
}
