import JindouCore
import Synchronization

/// The set of system uids. `____system` is always a member.
public final class SystemUsers: Sendable {
    private let uids = Mutex<Set<String>>([])

    public init(_ initial: some Sequence<String> = []) {
        uids.withLock { $0 = Set(initial) }
    }

    /// Whether `uid` has system privileges right now.
    public func contains(_ uid: String) -> Bool {
        uid == ReservedUID.system || uids.withLock { $0.contains(uid) }
    }

    /// Grants system privileges.
    public func add(_ newUIDs: some Sequence<String>) {
        uids.withLock { $0.formUnion(newUIDs) }
    }

    /// Revokes system privileges.
    public func remove(_ oldUIDs: some Sequence<String>) {
        uids.withLock { $0.subtract(oldUIDs) }
    }

    /// Replaces the whole set (startup).
    public func replaceAll(_ newUIDs: some Sequence<String>) {
        uids.withLock { $0 = Set(newUIDs) }
    }

    /// The current system uids (without `____system`).
    public var all: Set<String> { uids.withLock { $0 } }
}
