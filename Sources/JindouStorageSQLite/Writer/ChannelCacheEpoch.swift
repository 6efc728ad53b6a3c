import Synchronization

/// A counter that tells the group-commit writer its cached channel row ids and seqs may be stale.
///
/// Operations that delete channel rows or messages outside the writer advance it inside their
/// transaction; the writer compares it at the start of every batch transaction, which SQLite
/// serializes after theirs, and drops its cache when it changed.
final class ChannelCacheEpoch: Sendable {
    private let value = Atomic<Int>(0)

    /// Marks every cached channel cursor stale.
    func advance() {
        value.wrappingAdd(1, ordering: .releasing)
    }

    /// The current epoch.
    var current: Int {
        value.load(ordering: .acquiring)
    }
}
