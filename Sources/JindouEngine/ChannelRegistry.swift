import JindouCore
import Synchronization

/// The in-memory view of every channel's flags and lists, read on each send.
///
/// Writers go through ``ChannelService``, which persists first and then updates this view, so a
/// change is visible to the very next send once its HTTP call returns.
package final class ChannelRegistry: Sendable {
    private let channels = Mutex<[ChannelKey: ChannelState]>([:])

    package init() {}

    /// Replaces the whole view (used at startup).
    package func load(_ states: [ChannelState]) {
        let map = Dictionary(states.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        channels.withLock { $0 = map }
    }

    /// The state of a channel, nil if it does not exist.
    package func state(of key: ChannelKey) -> ChannelState? {
        channels.withLock { $0[key] }
    }

    /// The number of configured channels.
    package var count: Int {
        channels.withLock { $0.count }
    }

    /// Whether a channel exists.
    package func contains(_ key: ChannelKey) -> Bool {
        channels.withLock { $0[key] != nil }
    }

    /// Applies a change to a channel, creating it first if needed.
    func update(_ key: ChannelKey, _ change: (inout ChannelState) -> Void) {
        channels.withLock { map in
            var state = map[key] ?? ChannelState(key: key)
            change(&state)
            map[key] = state
        }
    }

    /// Sets a channel's state as another node left it; nil forgets the channel.
    func replace(_ key: ChannelKey, with state: ChannelState?) {
        channels.withLock { $0[key] = state }
    }

    /// Forgets a channel; returns whether it was known.
    func remove(_ key: ChannelKey) -> Bool {
        channels.withLock { $0.removeValue(forKey: key) != nil }
    }
}
