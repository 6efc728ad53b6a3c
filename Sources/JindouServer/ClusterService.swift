import JindouEngine
import JindouStorage
import Logging
import ServiceLifecycle

/// This node's membership of a cluster: the feed the relay processes, a heartbeat with the node's
/// addresses and connection count, the directory `/route` reads, and leaving at a clean shutdown.
///
/// Registered right after the storage service, so it stops after the gateway has drained and
/// before the storage closes.
struct ClusterService: Service {
    let relay: ClusterRelay
    let store: any ClusterStore
    let directory: ClusterDirectory
    /// The feed opened at startup (holding the node id).
    let feed: any ClusterFeed
    /// This node's record as of now.
    let registration: @Sendable () -> ClusterNode
    let logger: Logger

    /// How often the heartbeat is written: five times per timeout, between 0.1 and 3 seconds.
    var heartbeatInterval: Duration {
        min(.seconds(3), max(.milliseconds(100), relay.configuration.heartbeatTimeout / 5))
    }

    func run() async throws {
        let relay = self.relay
        let store = self.store
        let registration = self.registration
        let timeout = relay.configuration.heartbeatTimeout
        let feed = self.feed
        await withDiscardingTaskGroup { group in
            group.addTask {
                await relay.run(first: feed) {
                    try await store.openFeed(for: registration(), heartbeatTimeout: timeout)
                }
            }
            group.addTask { await heartbeats() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        let node = registration()
        do {
            try await store.leaveCluster(nodeID: node.nodeID, incarnation: node.incarnation)
        } catch {
            logger.warning("cannot remove this node from the cluster's list", metadata: ["error": "\(error)"])
        }
    }

    /// Records a heartbeat and refreshes the directory; throws when the store cannot be reached.
    func beat() async throws {
        try await store.heartbeat(registration())
        directory.update(try await store.clusterNodes())
    }

    private func heartbeats() async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await beat()
                if failing {
                    logger.notice("cluster heartbeats work again")
                    failing = false
                }
            } catch {
                if !failing {
                    logger.error("cannot record this node's heartbeat", metadata: ["error": "\(error)"])
                    failing = true
                }
            }
            await relay.repairIfNeeded()
            relay.prune()
            try? await Task.sleep(for: heartbeatInterval)
        }
    }
}
