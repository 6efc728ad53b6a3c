import JindouCore
import JindouStorage
import Logging
import PostgresNIO

extension PostgresStorage {
    /// The whole cascade of a user deletion in one transaction (see ``UserStore``): the channels
    /// it owns and its person channels go whole (locked first, in id order), then its memberships
    /// (and, with `purgeMessages`, its messages in those channels), conversations, devices,
    /// system uid, activity and the user row, with the audit entry.
    package func deleteUser(
        _ uid: String, purgeMessages: Bool, audit: @Sendable (UserDeletion) -> AuditEntry?
    ) async throws(StorageError) -> UserDeletion? {
        // The closure runs inside this call (the pooled operation is awaited), never later.
        try await withoutActuallyEscaping(audit) { audit async throws(StorageError) -> UserDeletion? in
            try await deleteUser(uid, purgeMessages: purgeMessages, escapingAudit: audit)
        }
    }

    private func deleteUser(
        _ uid: String, purgeMessages: Bool, escapingAudit audit: @escaping @Sendable (UserDeletion) -> AuditEntry?
    ) async throws(StorageError) -> UserDeletion? {
        let logger = self.logger
        return try await write("deleting the user \(uid)") { connection -> UserDeletion? in
            guard
                let deletion = try await Self.deleteUserRows(
                    uid, purgeMessages: purgeMessages, on: connection, logger: logger)
            else { return nil }
            if let entry = audit(deletion) {
                try await PostgresAuditRows.append(entry, on: connection, logger: logger)
            }
            return deletion
        }
    }

    /// What ``deleteUser(_:purgeMessages:audit:)`` would remove: the same cascade in a transaction
    /// that is rolled back to a savepoint, so the counts are exactly the real deletion's.
    package func previewUserDeletion(
        _ uid: String, purgeMessages: Bool
    ) async throws(StorageError) -> UserDeletion? {
        let logger = self.logger
        return try await write("previewing the deletion of the user \(uid)") { connection -> UserDeletion? in
            try await connection.query("SAVEPOINT user_deletion_preview", logger: logger)
            let deletion = try await Self.deleteUserRows(
                uid, purgeMessages: purgeMessages, on: connection, logger: logger)
            try await connection.query("ROLLBACK TO SAVEPOINT user_deletion_preview", logger: logger)
            return deletion
        }
    }

    /// The cascade itself, inside the caller's transaction; nil if the user does not exist.
    private static func deleteUserRows(
        _ uid: String, purgeMessages: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> UserDeletion? {
        guard let user = try await PostgresUserRows.user(uid, on: connection, logger: logger) else { return nil }
        var counts: [String: Int] = [:]
        func count(_ query: PostgresQuery) async throws -> Int {
            try await PostgresChannelRows.count(query, on: connection, logger: logger)
        }

        // Every channel that goes whole, locked up front in id order.
        var owned: [(ref: Int64, key: ChannelKey)] = []
        for try await (ref, id, type) in try await connection.query(
            "SELECT id, channel_id, channel_type FROM channels WHERE owner = \(uid) ORDER BY id", logger: logger
        ).decode((Int64, String, Int16).self) {
            owned.append((ref, ChannelKey(id: id, type: ChannelType(UInt8(truncatingIfNeeded: type)))))
        }
        var personRefs: [Int64] = []
        for try await ref in try await connection.query(
            """
            SELECT v.channel_ref FROM conversations v JOIN channels c ON c.id = v.channel_ref
            WHERE v.uid = \(uid) AND c.channel_type = \(Int16(ChannelType.person.rawValue))
              AND c.owner <> \(uid)
            """, logger: logger
        ).decode(Int64.self) {
            personRefs.append(ref)
        }
        let ownChannel = try await PostgresChannelRows.ref(
            of: ChannelKey(id: uid, type: .person), on: connection, logger: logger)
        try await PostgresChannelRows.lockInOrder(
            owned.map(\.ref) + personRefs + (ownChannel.map { [$0] } ?? []), on: connection, logger: logger)

        counts["owned_channel_messages"] = try await PostgresChannelRows.deleteChannels(
            owned.map(\.ref), on: connection, logger: logger)
        counts["owned_channels"] = owned.count
        counts["person_messages"] = try await PostgresChannelRows.deleteChannels(
            personRefs, on: connection, logger: logger)
        counts["person_channels"] = personRefs.count

        // Memberships in every other channel (its own person channel's lists included).
        var memberships: [ChannelKey: [MemberList]] = [:]
        var membershipRefs: Set<Int64> = []
        for try await (ref, listValue, id, type) in try await connection.query(
            """
            SELECT m.channel_ref, m.list, c.channel_id, c.channel_type FROM channel_members m
            JOIN channels c ON c.id = m.channel_ref WHERE m.uid = \(uid)
            """, logger: logger
        ).decode((Int64, Int16, String, Int16).self) {
            let key = ChannelKey(id: id, type: ChannelType(UInt8(truncatingIfNeeded: type)))
            if let list = MemberList(rawValue: Int(listValue)) { memberships[key, default: []].append(list) }
            membershipRefs.insert(ref)
        }
        if purgeMessages {
            counts["purged_messages"] = try await count(
                """
                WITH d AS (DELETE FROM messages WHERE channel_ref = ANY(\(Array(membershipRefs))::bigint[])
                           AND from_uid = \(uid) RETURNING 1)
                SELECT count(*) FROM d
                """)
        }
        counts["memberships"] = try await count(
            "WITH d AS (DELETE FROM channel_members WHERE uid = \(uid) RETURNING 1) SELECT count(*) FROM d")
        counts["conversations"] = try await count(
            "WITH d AS (DELETE FROM conversations WHERE uid = \(uid) RETURNING 1) SELECT count(*) FROM d")
        if let ownChannel, !personRefs.contains(ownChannel), !owned.contains(where: { $0.ref == ownChannel }) {
            counts["person_messages", default: 0] += try await PostgresChannelRows.deleteChannels(
                [ownChannel], on: connection, logger: logger)
        }
        counts["devices"] = try await count(
            "WITH d AS (DELETE FROM devices WHERE uid = \(uid) RETURNING 1) SELECT count(*) FROM d")
        counts["system_uid"] = try await count(
            "WITH d AS (DELETE FROM system_uids WHERE uid = \(uid) RETURNING 1) SELECT count(*) FROM d")
        try await connection.query("DELETE FROM user_activity WHERE uid = \(uid)", logger: logger)
        try await connection.query("DELETE FROM users WHERE uid = \(uid)", logger: logger)

        return UserDeletion(
            user: user, memberships: memberships, ownedChannels: owned.map(\.key), counts: counts)
    }
}
