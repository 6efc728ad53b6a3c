import JindouCore
import JindouStorage
import Logging
import PostgresNIO

extension PostgresStorage: ClusterStore {
    /// The database's clock in Unix milliseconds: heartbeats are compared on one clock.
    static let databaseNow = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"

    package func openFeed(for node: ClusterNode, heartbeatTimeout: Duration) async throws -> any ClusterFeed {
        try await PostgresClusterFeed.open(
            url: url, node: node, heartbeatTimeout: heartbeatTimeout, connectTimeout: leaseTimeout, logger: logger)
    }

    /// Records a heartbeat with the node's addresses. An empty HTTP address (a registration taken
    /// before the listener was bound) keeps the stored one: heartbeats are not ordered, and a late
    /// one must not erase the address an earlier one stored.
    package func heartbeat(_ node: ClusterNode) async throws(StorageError) {
        let logger = self.logger
        let updated = try await write("recording the heartbeat of node \(node.nodeID)") { connection in
            try await PostgresChannelRows.count(
                """
                WITH u AS (
                    UPDATE cluster_nodes SET heartbeat_at = \(unescaped: Self.databaseNow),
                        connections = \(Int32(clamping: node.connections)),
                        http_addr = coalesce(nullif(\(node.httpAddress), ''), http_addr),
                        tcp_addr = \(node.tcpAddress), ws_addr = \(node.wsAddress), external_tcp = \(node.externalTCP),
                        external_ws = \(node.externalWS), external_wss = \(node.externalWSS)
                    WHERE node_id = \(Int32(clamping: node.nodeID)) AND incarnation = \(node.incarnation) RETURNING 1)
                SELECT count(*) FROM u
                """, on: connection, logger: logger)
        }
        guard updated == 1 else {
            throw StorageError(.ioFailure, "node \(node.nodeID) is no longer registered as this process")
        }
    }

    package func clusterNodes() async throws(StorageError) -> [ClusterNode] {
        let logger = self.logger
        return try await read("reading the cluster's nodes") { connection in
            let rows = try await connection.query(
                """
                SELECT node_id, incarnation, version, http_addr, tcp_addr, ws_addr, external_tcp, external_ws,
                       external_wss, connections, started_at, heartbeat_at,
                       \(unescaped: Self.databaseNow) - heartbeat_at
                FROM cluster_nodes ORDER BY node_id
                """, logger: logger)
            var nodes: [ClusterNode] = []
            for try await row in rows {
                let cells = PostgresRandomAccessRow(row)
                nodes.append(
                    ClusterNode(
                        nodeID: Int(try cells[0].decode(Int32.self)), incarnation: try cells[1].decode(String.self),
                        version: try cells[2].decode(String.self), httpAddress: try cells[3].decode(String.self),
                        tcpAddress: try cells[4].decode(String.self), wsAddress: try cells[5].decode(String.self),
                        externalTCP: try cells[6].decode(String.self), externalWS: try cells[7].decode(String.self),
                        externalWSS: try cells[8].decode(String.self),
                        connections: Int(try cells[9].decode(Int32.self)), startedAt: try cells[10].decode(Int64.self),
                        heartbeatAt: try cells[11].decode(Int64.self), heartbeatAge: try cells[12].decode(Int64.self)))
            }
            return nodes
        }
    }

    package func leaveCluster(nodeID: Int, incarnation: String) async throws(StorageError) {
        let logger = self.logger
        try await write("removing node \(nodeID) from the cluster") { connection in
            _ = try await connection.query(
                "DELETE FROM cluster_nodes WHERE node_id = \(Int32(clamping: nodeID)) AND incarnation = \(incarnation)",
                logger: logger)
        }
    }

    package func loadChannel(_ key: ChannelKey) async throws(StorageError) -> ChannelState? {
        let logger = self.logger
        return try await read("loading \(key)") { connection in
            let rows = try await connection.query(
                """
                SELECT id, ban, disband, send_ban, large, allow_stranger, system, owner FROM channels
                WHERE channel_id = \(key.id) AND channel_type = \(PostgresChannelRows.type(key))
                  AND updated_at IS NOT NULL
                """, logger: logger)
            var found: (Int64, ChannelState)?
            for try await (ref, ban, disband, sendBan, large, allowStranger, system, owner) in rows.decode(
                (Int64, Bool, Bool, Bool, Bool, Bool, Bool, String).self)
            {
                let info = ChannelInfo(
                    ban: ban, disband: disband, sendBan: sendBan, large: large, allowStranger: allowStranger,
                    system: system, owner: owner)
                found = (ref, ChannelState(key: key, info: info))
            }
            guard let (ref, found) = found else { return nil }
            var state = found
            let members = try await connection.query(
                "SELECT list, uid FROM channel_members WHERE channel_ref = \(ref)", logger: logger)
            for try await (listValue, uid) in members.decode((Int16, String).self) {
                guard let list = MemberList(rawValue: Int(listValue)) else { continue }
                state[list].insert(uid)
            }
            return state
        }
    }

    package func messagesCommitted(
        byNode nodeID: Int, in ids: ClosedRange<Int64>, limit: Int
    ) async throws(StorageError) -> [StoredMessage] {
        guard limit > 0 else { return [] }
        let logger = self.logger
        return try await read("reading the messages node \(nodeID) committed in \(ids)") { connection in
            try await PostgresMessageRows.messagesWithChannels(
                """
                SELECT \(unescaped: PostgresMessageRows.columns), c.channel_id, c.channel_type
                FROM messages m JOIN channels c ON c.id = m.channel_ref
                WHERE m.message_id BETWEEN \(ids.lowerBound) AND \(ids.upperBound)
                  AND ((m.message_id >> 12) & 1023) = \(Int64(nodeID))
                ORDER BY m.message_id LIMIT \(Int64(limit))
                """, on: connection, logger: logger)
        }
    }

    package func claimLostOutbox(claimant: Int, heartbeatTimeout: Duration) async throws(StorageError) -> Int? {
        let logger = self.logger
        let claimant = Int32(clamping: claimant)
        let timeout = heartbeatTimeout.wholeMilliseconds
        return try await write("claiming a lost node's outbox") { connection in
            // One claim at a time per lost node (SKIP LOCKED); a holder that went silent itself
            // loses its claim.
            let rows = try await connection.query(
                """
                UPDATE cluster_nodes AS lost SET outbox_holder = \(claimant)
                WHERE lost.node_id = (
                    SELECT n.node_id FROM cluster_nodes n
                    WHERE n.node_id <> \(claimant) AND NOT n.outbox_drained
                      AND \(unescaped: Self.databaseNow) - n.heartbeat_at > \(timeout)
                      AND (n.outbox_holder IS NULL OR n.outbox_holder = \(claimant) OR NOT EXISTS (
                            SELECT 1 FROM cluster_nodes h WHERE h.node_id = n.outbox_holder
                              AND \(unescaped: Self.databaseNow) - h.heartbeat_at <= \(timeout)))
                    ORDER BY n.node_id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING lost.node_id
                """, logger: logger)
            for try await node in rows.decode(Int32.self) { return Int(node) }
            return nil
        }
    }

    package func holdsOutbox(ofNode node: Int, claimant: Int) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await read("checking the claim on node \(node)'s outbox") { connection in
            let rows = try await connection.query(
                """
                SELECT count(*) FROM cluster_nodes
                WHERE node_id = \(Int32(clamping: node)) AND outbox_holder = \(Int32(clamping: claimant))
                """, logger: logger)
            for try await count in rows.decode(Int64.self) { return count == 1 }
            return false
        }
    }

    package func releaseOutbox(ofNode node: Int, claimant: Int, drained: Bool) async throws(StorageError) {
        let logger = self.logger
        try await write("releasing node \(node)'s outbox") { connection in
            _ = try await connection.query(
                """
                UPDATE cluster_nodes SET outbox_holder = NULL, outbox_drained = outbox_drained OR \(drained)
                WHERE node_id = \(Int32(clamping: node)) AND outbox_holder = \(Int32(clamping: claimant))
                """, logger: logger)
        }
    }

    package func outbox(ofNode node: Int) -> any WebhookStore {
        PostgresLostNodeOutbox(storage: self, node: node)
    }

    package func publish(_ notice: ClusterNotice) async throws(StorageError) {
        let logger = self.logger
        let payload: String
        do {
            payload = try PostgresClusterPayload.notice(notice)
        } catch {
            throw StorageError(.ioFailure, "cannot encode a cluster notice: \(error)")
        }
        try await read("publishing a cluster notice") { connection in
            _ = try await connection.query(
                "SELECT pg_notify(\(PostgresClusterPayload.channel), \(payload))", logger: logger)
        }
    }

    package func replacePresence(nodeID: Int, with connections: [ClusterConnection]) async throws(StorageError) {
        let logger = self.logger
        try await write("replacing the presence of node \(nodeID)") { connection in
            _ = try await connection.query(
                "DELETE FROM cluster_presence WHERE node_id = \(Int32(clamping: nodeID))", logger: logger)
            try await Self.insertPresence(connections, on: connection, logger: logger)
        }
    }

    package func updatePresence(
        nodeID: Int, opened: [ClusterConnection], closed: [Int64]
    ) async throws(StorageError) {
        guard !opened.isEmpty || !closed.isEmpty else { return }
        let logger = self.logger
        try await write("updating the presence of node \(nodeID)") { connection in
            if !closed.isEmpty {
                _ = try await connection.query(
                    """
                    DELETE FROM cluster_presence
                    WHERE node_id = \(Int32(clamping: nodeID)) AND conn_id = ANY(\(closed)::bigint[])
                    """, logger: logger)
            }
            try await Self.insertPresence(opened, on: connection, logger: logger)
        }
    }

    package func presence(
        of uids: [String], liveWithin timeout: Duration
    ) async throws(StorageError) -> [ClusterConnection] {
        guard !uids.isEmpty else { return [] }
        let logger = self.logger
        return try await read("reading the presence of \(uids.count) users") { connection in
            let rows = try await connection.query(
                """
                SELECT p.node_id, p.conn_id, p.uid, p.device_flag, p.connected_at
                FROM cluster_presence p JOIN cluster_nodes n ON n.node_id = p.node_id
                WHERE p.uid = ANY(\(uids)::text[])
                  AND \(unescaped: Self.databaseNow) - n.heartbeat_at <= \(timeout.wholeMilliseconds)
                ORDER BY p.node_id, p.conn_id
                """, logger: logger)
            var connections: [ClusterConnection] = []
            for try await (node, id, uid, flag, connectedAt) in rows.decode((Int32, Int64, String, Int16, Int64).self) {
                connections.append(
                    ClusterConnection(
                        nodeID: Int(node), connectionID: id, uid: uid, deviceFlag: UInt8(truncatingIfNeeded: flag),
                        connectedAt: connectedAt))
            }
            return connections
        }
    }

    @discardableResult
    package func clearPresence(ofNodesSilentFor timeout: Duration) async throws(StorageError) -> Int {
        let logger = self.logger
        return try await write("clearing the presence of silent nodes") { connection in
            try await PostgresChannelRows.count(
                """
                WITH d AS (
                    DELETE FROM cluster_presence p WHERE NOT EXISTS (
                        SELECT 1 FROM cluster_nodes n WHERE n.node_id = p.node_id
                          AND \(unescaped: Self.databaseNow) - n.heartbeat_at <= \(timeout.wholeMilliseconds))
                    RETURNING 1)
                SELECT count(*) FROM d
                """, on: connection, logger: logger)
        }
    }

    private static func insertPresence(
        _ connections: [ClusterConnection], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !connections.isEmpty else { return }
        _ = try await connection.query(
            """
            INSERT INTO cluster_presence (node_id, conn_id, uid, device_flag, connected_at)
            SELECT * FROM UNNEST(\(connections.map { Int32(clamping: $0.nodeID) })::integer[],
                                 \(connections.map(\.connectionID))::bigint[], \(connections.map(\.uid))::text[],
                                 \(connections.map { Int16($0.deviceFlag) })::smallint[],
                                 \(connections.map(\.connectedAt))::bigint[])
            ON CONFLICT (node_id, conn_id) DO NOTHING
            """, logger: logger)
    }
}
