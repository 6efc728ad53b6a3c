import JindouStorage

/// The connections the other nodes of a cluster hold, read from the shared store: what makes
/// `msg.offline` and `user.onlinestatus` answer for the whole cluster rather than for the node
/// that sends them.
package struct RemotePresence: Sendable {
    /// The connections of `uids` on the other live nodes.
    package let connections: @Sendable (_ uids: [String]) async throws -> [ClusterConnection]

    package init(connections: @escaping @Sendable (_ uids: [String]) async throws -> [ClusterConnection]) {
        self.connections = connections
    }

    /// The uids of `uids` with no connection on another node; all of them when the store cannot
    /// answer (this node's view is the best left).
    func offlineElsewhere(_ uids: [String]) async -> (offline: [String], error: (any Error)?) {
        do {
            let online = Set(try await connections(uids).map(\.uid))
            return (uids.filter { !online.contains($0) }, nil)
        } catch {
            return (uids, error)
        }
    }
}
