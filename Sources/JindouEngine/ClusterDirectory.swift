import JindouStorage
import Synchronization

/// The cluster's nodes as of this node's last heartbeat, for routing clients without a database
/// read per request.
package final class ClusterDirectory: Sendable {
    package let nodeID: Int
    package let heartbeatTimeout: Duration
    private let nodes = Mutex<[ClusterNode]>([])

    package init(nodeID: Int, heartbeatTimeout: Duration) {
        self.nodeID = nodeID
        self.heartbeatTimeout = heartbeatTimeout
    }

    /// Replaces the view (after each heartbeat).
    package func update(_ fresh: [ClusterNode]) {
        nodes.withLock { $0 = fresh }
    }

    /// The nodes that sent a heartbeat within the timeout, by id.
    package var liveNodes: [ClusterNode] {
        nodes.withLock { $0 }.filter { $0.isLive(timeout: heartbeatTimeout) }
    }

    /// The live node that serves `uid`, by rendezvous hashing: the same uid goes to the same node
    /// while it lives (a user's devices meet on one node, so its own sync crosses no node), and
    /// when a node goes only its users move. Nil when no node is known (use this one).
    package func node(for uid: String) -> ClusterNode? {
        liveNodes.max { score(uid, $0.nodeID) < score(uid, $1.nodeID) }
    }

    /// FNV-1a over the uid and node id: stable across processes and versions.
    private func score(_ uid: String, _ node: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in uid.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        for shift in stride(from: 0, to: 32, by: 8) {
            hash = (hash ^ UInt64((node >> shift) & 0xff)) &* 0x0000_0100_0000_01b3
        }
        // A final mix, so that node ids differing in one bit do not give neighbouring scores.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
