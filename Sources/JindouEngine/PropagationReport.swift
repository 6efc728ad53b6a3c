import Synchronization

/// The nodes that did not confirm a state change within the bound, collected while one request is
/// handled so that its reply can name them.
package final class PropagationReport: Sendable {
    /// The report of the request being handled, if its handler set one.
    @TaskLocal package static var current: PropagationReport?

    private let nodes = Mutex<Set<Int>>([])

    package init() {}

    /// Adds nodes that lagged.
    package func record(_ lagging: some Sequence<Int>) {
        nodes.withLock { $0.formUnion(lagging) }
    }

    /// Every node that lagged, ascending.
    package var laggingNodes: [Int] {
        nodes.withLock { $0.sorted() }
    }
}
