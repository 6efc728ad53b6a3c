import JindouCore
import JindouStorage
import Synchronization

/// This node's connections as the cluster sees them: opens and closes are collected as they
/// happen (an observer of the ``SessionRegistry``, so it costs the connection path one lock) and
/// written to the shared store in batches by ``flush(to:nodeID:)``.
package final class ClusterPresence: MessagingObserver {
    private struct Pending {
        var opened: [Int64: ClusterConnection] = [:]
        var closed: Set<Int64> = []
        /// The last write failed: the next one replaces this node's presence.
        var needsReplace = true
    }

    private let nodeID: Int
    private let pending = Mutex(Pending())

    package init(nodeID: Int) {
        self.nodeID = nodeID
    }

    package var observesOfflineRecipients: Bool { false }

    package func messageStored(_ message: StoredMessage) {}

    package func recipientsOffline(_ uids: [String], of message: StoredMessage) {}

    package func presenceChanged(_ change: PresenceChange) {
        let connection = ClusterConnection(
            nodeID: nodeID, connectionID: change.connectionID, uid: change.uid, deviceFlag: change.deviceFlag.rawValue,
            connectedAt: Int64(WallClock.nowSeconds()))
        pending.withLock { pending in
            if change.online {
                pending.opened[change.connectionID] = connection
            } else if pending.opened.removeValue(forKey: change.connectionID) == nil {
                pending.closed.insert(change.connectionID)
            }
        }
    }

    /// Writes what changed since the last flush; after a failure (or at the first flush) replaces
    /// this node's whole presence with `sessions`' connections instead.
    package func flush(to store: any ClusterStore, sessions: SessionRegistry) async throws(StorageError) {
        let (opened, closed, replace) = pending.withLock { pending in
            defer { pending = Pending(needsReplace: false) }
            return (Array(pending.opened.values), Array(pending.closed), pending.needsReplace)
        }
        do {
            if replace {
                // Changes from now on are pending again, and applied after this (idempotently).
                let all = sessions.allSessions.map { session in
                    ClusterConnection(
                        nodeID: nodeID, connectionID: session.id, uid: session.uid,
                        deviceFlag: session.deviceFlag.rawValue, connectedAt: session.connectedAt)
                }
                try await store.replacePresence(nodeID: nodeID, with: all)
            } else {
                try await store.updatePresence(nodeID: nodeID, opened: opened, closed: closed)
            }
        } catch {
            pending.withLock { $0.needsReplace = true }
            throw error
        }
    }
}
