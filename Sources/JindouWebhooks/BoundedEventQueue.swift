import NIOCore
import Synchronization

/// The in-memory queue of one event stream (msg.offline, user.onlinestatus): appended to from
/// any thread without waiting, taken from by the stream's task. Holds at most `limit` items;
/// an append past it moves the oldest item to the overflow, which the stream writes to the
/// dead letters, so memory stays bounded and nothing is dropped silently.
final class BoundedEventQueue<Item: Sendable>: Sendable {
    /// An item and when it was queued (unix milliseconds).
    struct Entry: Sendable {
        var item: Item
        var queuedAt: Int64
    }

    private struct State {
        var items = CircularBuffer<Entry>()
        var overflow: [Entry] = []
        /// Items lost because even the overflow was full (the store could not keep up).
        var dropped = 0
    }

    private let state = Mutex(State())
    private let limit: Int
    /// Rung when an item is appended.
    let doorbell = Doorbell()

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Appends an item; never blocks.
    func append(_ item: Item, at time: Int64) {
        state.withLock { state in
            state.items.append(Entry(item: item, queuedAt: time))
            if state.items.count > limit, let oldest = state.items.popFirst() {
                if state.overflow.count < limit {
                    state.overflow.append(oldest)
                } else {
                    state.dropped += 1
                }
            }
        }
        doorbell.ring()
    }

    /// Removes and returns up to `count` items from the front.
    func take(upTo count: Int) -> [Entry] {
        state.withLock { state in
            let taken = Array(state.items.prefix(count))
            state.items.removeFirst(taken.count)
            return taken
        }
    }

    /// Puts items back at the front (a request that was not sent at shutdown).
    func putBack(_ entries: [Entry]) {
        state.withLock { state in
            for entry in entries.reversed() {
                state.items.prepend(entry)
            }
        }
    }

    /// Removes and returns what overflowed, and how many items were dropped since the last call.
    func takeOverflow() -> (entries: [Entry], dropped: Int) {
        state.withLock { state in
            defer {
                state.overflow = []
                state.dropped = 0
            }
            return (state.overflow, state.dropped)
        }
    }

    /// Items waiting, and when the oldest was queued.
    var depth: (count: Int, oldestAt: Int64?) {
        state.withLock { ($0.items.count + $0.overflow.count, $0.items.first?.queuedAt) }
    }
}
