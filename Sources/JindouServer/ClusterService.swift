import JindouEngine
import JindouStorage
import JindouWebhooks
import Logging
import ServiceLifecycle

/// This node's membership of a cluster: the feed the relay processes, a heartbeat with the node's
/// addresses and connection count, the directory `/route` reads, this node's connections for the
/// others, the connections of silent nodes cleared, a lost node's msg.notify outbox sent, and
/// leaving at a clean shutdown.
///
/// Registered right after the storage service, so it stops after the gateway has drained and
/// before the storage closes.
struct ClusterService: Service {
    let relay: ClusterRelay
    let store: any ClusterStore
    let directory: ClusterDirectory
    let presence: ClusterPresence
    let sessions: SessionRegistry
    /// This node's webhooks, which also send a lost node's msg.notify outbox.
    let webhooks: Webhooks?
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
            group.addTask { await presenceUpdates() }
            if let webhooks, webhooks.sendsMessageNotify {
                group.addTask { await lostOutboxes(webhooks) }
            }
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
        try await store.clearPresence(ofNodesSilentFor: relay.configuration.heartbeatTimeout)
    }

    /// Writes this node's connection changes every 200 ms, so `/user/onlinestatus` on any node
    /// sees them within that.
    private func presenceUpdates() async {
        var failing = false
        while !Task.isCancelled {
            do {
                try await presence.flush(to: store, sessions: sessions)
                failing = false
            } catch {
                if !failing {
                    logger.warning(
                        "cannot record this node's connections in the cluster", metadata: ["error": "\(error)"])
                    failing = true
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Once per heartbeat, claims the msg.notify outbox of a node that stopped heartbeating with
    /// messages it had not sent, and sends them (one lost node at a time), until they are all
    /// sent or the node registers again.
    private func lostOutboxes(_ webhooks: Webhooks) async {
        let me = registration().nodeID
        let store = self.store
        while !Task.isCancelled {
            do {
                if let node = try await store.claimLostOutbox(
                    claimant: me, heartbeatTimeout: relay.configuration.heartbeatTimeout)
                {
                    logger.notice(
                        "sending lost node \(node)'s msg.notify outbox", metadata: ["jindou.lost_node": "\(node)"])
                    let drained = await webhooks.sendLostOutbox(store.outbox(ofNode: node), node: node) {
                        (try? await store.holdsOutbox(ofNode: node, claimant: me)) ?? false
                    }
                    try await store.releaseOutbox(ofNode: node, claimant: me, drained: drained)
                    // The next lost node at once; an outbox not yet sent is claimed again later.
                    if drained { continue }
                }
            } catch {
                logger.warning("cannot take over a lost node's msg.notify outbox", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: heartbeatInterval)
        }
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
            await relay.checkFeed(timeout: relay.configuration.heartbeatTimeout)
            relay.prune()
            try? await Task.sleep(for: heartbeatInterval)
        }
    }
}
