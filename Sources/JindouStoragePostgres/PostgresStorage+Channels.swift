import JindouCore
import JindouStorage
import PostgresNIO

extension PostgresStorage {
    /// Every configured channel (its info was saved or its lists changed at least once) with its
    /// flags and three lists, in creation order.
    package func loadChannels() async throws(StorageError) -> [ChannelState] {
        let logger = self.logger
        return try await read("loading channels") { connection in
            var states: [ChannelState] = []
            var indexByRef: [Int64: Int] = [:]
            let channels = try await connection.query(
                """
                SELECT id, channel_id, channel_type, ban, disband, send_ban, large, allow_stranger, system, owner
                FROM channels WHERE updated_at IS NOT NULL ORDER BY id
                """, logger: logger)
            for try await (ref, id, type, ban, disband, sendBan, large, allowStranger, system, owner)
                in channels.decode(
                    (Int64, String, Int16, Bool, Bool, Bool, Bool, Bool, Bool, String).self)
            {
                let info = ChannelInfo(
                    ban: ban, disband: disband, sendBan: sendBan, large: large, allowStranger: allowStranger,
                    system: system, owner: owner)
                indexByRef[ref] = states.count
                states.append(
                    ChannelState(
                        key: ChannelKey(id: id, type: ChannelType(UInt8(truncatingIfNeeded: type))), info: info))
            }
            let members = try await connection.query(
                """
                SELECT m.channel_ref, m.list, m.uid FROM channel_members m
                JOIN channels c ON c.id = m.channel_ref WHERE c.updated_at IS NOT NULL
                """, logger: logger)
            for try await (ref, listValue, uid) in members.decode((Int64, Int16, String).self) {
                guard let index = indexByRef[ref], let list = MemberList(rawValue: Int(listValue)) else { continue }
                states[index][list].insert(uid)
            }
            return states
        }
    }

    /// Creates the channel if needed and sets its flags.
    package func saveChannelInfo(
        _ info: ChannelInfo, for channel: ChannelKey, audit: AuditEntry?
    ) async throws(StorageError) {
        let logger = self.logger
        try await write("saving the info of \(channel)") { connection in
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            let now = PostgresChannelRows.nowSeconds()
            try await connection.query(
                """
                INSERT INTO channels (channel_id, channel_type, ban, disband, send_ban, large, allow_stranger,
                                      system, owner, created_at, updated_at)
                VALUES (\(channel.id), \(PostgresChannelRows.type(channel)), \(info.ban), \(info.disband),
                        \(info.sendBan), \(info.large), \(info.allowStranger), \(info.system), \(info.owner),
                        \(now), \(now))
                ON CONFLICT (channel_id, channel_type) DO UPDATE SET
                    ban = excluded.ban, disband = excluded.disband, send_ban = excluded.send_ban,
                    large = excluded.large, allow_stranger = excluded.allow_stranger, system = excluded.system,
                    owner = excluded.owner, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    /// Adds uids to one list (idempotent), creating the channel if needed.
    package func addMembers(
        _ uids: [String], to list: MemberList, of channel: ChannelKey, audit: AuditEntry?
    ) async throws(StorageError) {
        let logger = self.logger
        try await write("adding \(uids.count) members to the \(list) of \(channel)") { connection in
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            let ref = try await PostgresChannelRows.configuredRef(of: channel, on: connection, logger: logger)
            try await PostgresChannelRows.insertMembers(
                uids, list: list, channelRef: ref, on: connection, logger: logger)
            try await PostgresConversationRows.followAdded(
                uids, to: list, of: channel, channelRef: ref, on: connection, logger: logger)
        }
    }

    /// Removes uids from one list; absent uids and unknown channels are ignored.
    package func removeMembers(
        _ uids: [String], from list: MemberList, of channel: ChannelKey, audit: AuditEntry?
    ) async throws(StorageError) {
        let logger = self.logger
        try await write("removing \(uids.count) members from the \(list) of \(channel)") { connection in
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            guard let ref = try await PostgresChannelRows.ref(of: channel, on: connection, logger: logger) else {
                return
            }
            try await connection.query(
                "UPDATE channels SET updated_at = \(PostgresChannelRows.nowSeconds()) WHERE id = \(ref)", logger: logger
            )
            try await connection.query(
                """
                DELETE FROM channel_members
                WHERE channel_ref = \(ref) AND list = \(Int16(list.rawValue)) AND uid = ANY(\(uids)::text[])
                """, logger: logger)
            guard channel.type != .person else { return }
            switch list {
            case .subscribers:
                try await PostgresConversationRows.delete(uids, channelRef: ref, on: connection, logger: logger)
            case .denylist:
                // Subscribers taken off the denylist see the channel again.
                var subscribers: [String] = []
                let rows = try await connection.query(
                    """
                    SELECT uid FROM channel_members
                    WHERE channel_ref = \(ref) AND list = \(Int16(MemberList.subscribers.rawValue))
                      AND uid = ANY(\(uids)::text[])
                    """, logger: logger)
                for try await uid in rows.decode(String.self) { subscribers.append(uid) }
                try await PostgresConversationRows.createIfMissing(
                    subscribers, channelRef: ref, on: connection, logger: logger)
            case .allowlist:
                break
            }
        }
    }

    /// Replaces a whole list (an empty array clears it) in one transaction, creating the channel
    /// if needed.
    package func replaceMembers(
        _ uids: [String], in list: MemberList, of channel: ChannelKey, audit: AuditEntry?
    ) async throws(StorageError) {
        let logger = self.logger
        try await write("replacing the \(list) of \(channel) with \(uids.count) members") { connection in
            if let audit { try await PostgresAuditRows.append(audit, on: connection, logger: logger) }
            let ref = try await PostgresChannelRows.configuredRef(of: channel, on: connection, logger: logger)
            var previous: [String] = []
            let rows = try await connection.query(
                """
                DELETE FROM channel_members WHERE channel_ref = \(ref) AND list = \(Int16(list.rawValue))
                RETURNING uid
                """, logger: logger)
            for try await uid in rows.decode(String.self) { previous.append(uid) }
            try await PostgresChannelRows.insertMembers(
                uids, list: list, channelRef: ref, on: connection, logger: logger)
            if list == .subscribers, channel.type != .person {
                let removed = Array(Set(previous).subtracting(uids))
                try await PostgresConversationRows.delete(removed, channelRef: ref, on: connection, logger: logger)
            }
            try await PostgresConversationRows.followAdded(
                uids, to: list, of: channel, channelRef: ref, on: connection, logger: logger)
        }
    }

    /// Deletes a channel with its lists, messages and conversations, in one transaction.
    /// Returns false if the channel had no row.
    package func deleteChannel(_ channel: ChannelKey) async throws(StorageError) -> Bool {
        let logger = self.logger
        return try await write("deleting \(channel)") { connection in
            guard let ref = try await PostgresChannelRows.ref(of: channel, on: connection, logger: logger) else {
                return false
            }
            try await PostgresChannelRows.deleteChannels([ref], on: connection, logger: logger)
            return true
        }
    }
}
