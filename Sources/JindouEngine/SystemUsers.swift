import JindouCore
import Synchronization

/// The set of system uids. `____system` is always a member.
package final class SystemUsers: Sendable {
    private let uids = Mutex<Set<String>>([])

    package init(_ initial: some Sequence<String> = []) {
        uids.withLock { $0 = Set(initial) }
    }

    /// Whether `uid` has system privileges right now.
    package func contains(_ uid: String) -> Bool {
        uid == ReservedUID.system || uids.withLock { $0.contains(uid) }
    }

    /// Grants system privileges.
    package func add(_ newUIDs: some Sequence<String>) {
        uids.withLock { $0.formUnion(newUIDs) }
    }

    /// Revokes system privileges.
    package func remove(_ oldUIDs: some Sequence<String>) {
        uids.withLock { $0.subtract(oldUIDs) }
    }

    /// Replaces the whole set (startup).
    package func replaceAll(_ newUIDs: some Sequence<String>) {
        uids.withLock { $0 = Set(newUIDs) }
    }

    /// The current system uids (without `____system`).
    package var all: Set<String> { uids.withLock { $0 } }
}
