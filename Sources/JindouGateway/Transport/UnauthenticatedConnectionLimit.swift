import Synchronization

/// Caps the connections, on both client ports together, that have not authenticated yet.
///
/// A connection takes a place when it is accepted and gives it back when its CONNECT is accepted
/// or it closes, so silent or half-open sockets cannot use up the process's file descriptors.
final class UnauthenticatedConnectionLimit: Sendable {
    private let count = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place; false (and nothing taken) when every place is in use.
    func tryAcquire() -> Bool {
        var current = count.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = count.compareExchange(
                expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Gives a place back.
    func release() {
        count.subtract(1, ordering: .relaxed)
    }

    /// Connections now waiting to authenticate.
    var current: Int { count.load(ordering: .relaxed) }
}
