import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Creates a user; false if the uid exists.
    package func registerUser(uid: String, nickname: String) async throws(StorageError) -> Bool {
        try await write("registering the user \(uid)") { db in
            let nowMs = ConversationRows.nowMilliseconds()
            try db.cachedStatement(sql: UserRows.insertUser).execute(arguments: [
                uid, nickname, nowMs / 1000, nowMs, nowMs,
            ])
            return db.changesCount > 0
        }
    }

    /// One user, nil if it does not exist.
    package func user(_ uid: String) async throws(StorageError) -> UserRecord? {
        try await read("reading the user \(uid)") { db in
            try Row.fetchOne(db.cachedStatement(sql: UserRows.selectUserRecord), arguments: [uid]).map(Self.userRecord)
        }
    }

    /// Users in creation order after `cursor`.
    package func users(limit: Int, after cursor: UserRecord?) async throws(StorageError) -> [UserRecord] {
        try await read("listing users") { db in
            let rows: [Row]
            if let cursor {
                rows = try Row.fetchAll(
                    db.cachedStatement(sql: UserRows.selectUsersAfter),
                    arguments: [cursor.createdAt, cursor.uid, limit])
            } else {
                rows = try Row.fetchAll(db.cachedStatement(sql: UserRows.selectFirstUsers), arguments: [limit])
            }
            return try rows.map(Self.userRecord)
        }
    }

    /// Marks the user modified now.
    package func touchUser(_ uid: String) async throws(StorageError) {
        try await write("touching the user \(uid)") { db in
            try db.cachedStatement(sql: UserRows.touchUser).execute(arguments: [
                ConversationRows.nowMilliseconds(), uid,
            ])
        }
    }

    /// The whole cascade of a user deletion in one transaction (see ``UserStore``). Uses the
    /// uid indexes (memberships by uid, channels by owner, conversations by uid): no scan of
    /// all channels or messages.
    package func deleteUser(
        _ uid: String, purgeMessages: Bool, audit: @Sendable (UserDeletion) -> AuditEntry?
    )
        async throws(StorageError) -> UserDeletion?
    {
        let epoch = channelCacheEpoch
        return try await write("deleting the user \(uid)") { db -> UserDeletion? in
            guard let deletion = try Self.deleteUserRows(uid, purgeMessages: purgeMessages, in: db) else { return nil }
            if let entry = audit(deletion) {
                try AuditRows.append(entry, in: db)
            }
            // The writer may hold cursors of the deleted channels.
            epoch.advance()
            return deletion
        }
    }

    /// What ``deleteUser(_:purgeMessages:audit:)`` would remove: the same cascade in a savepoint
    /// that is rolled back, so the counts are exactly the real deletion's at this moment.
    package func previewUserDeletion(
        _ uid: String, purgeMessages: Bool
    ) async throws(StorageError) -> UserDeletion? {
        try await write("previewing the deletion of the user \(uid)") { db -> UserDeletion? in
            var deletion: UserDeletion?
            try db.inSavepoint {
                deletion = try Self.deleteUserRows(uid, purgeMessages: purgeMessages, in: db)
                return .rollback
            }
            return deletion
        }
    }

    /// The cascade itself, inside the caller's transaction; nil if the user does not exist.
    private static func deleteUserRows(_ uid: String, purgeMessages: Bool, in db: Database) throws -> UserDeletion? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: UserRows.selectUserRecord), arguments: [uid])
        else {
            return nil
        }
        let user = try Self.userRecord(row)
        var counts: [String: Int] = [:]
        func run(_ sql: String, _ arguments: StatementArguments, count key: String? = nil) throws {
            try db.execute(sql: sql, arguments: arguments)
            if let key { counts[key, default: 0] += db.changesCount }
        }
        func deleteChannel(ref: Int64, messagesKey: String) throws {
            counts[messagesKey, default: 0] += try ChannelMemberRows.deleteChannel(ref: ref, in: db)
        }

        // Channels it owns go first, whole.
        var owned: [ChannelKey] = []
        for channel in try Row.fetchAll(
            db, sql: "SELECT id, channel_id, channel_type FROM channels WHERE owner = ?", arguments: [uid])
        {
            owned.append(try Self.channelKey(channel, idIndex: 1, typeIndex: 2))
            try deleteChannel(
                ref: try channel.decode(Int64.self, atIndex: 0), messagesKey: "owned_channel_messages")
        }
        counts["owned_channels"] = owned.count

        // Its person channels (found through its conversations), with both sides' conversations.
        let personRefs = try Int64.fetchAll(
            db,
            sql: """
                SELECT v.channel_ref FROM conversations v JOIN channels c ON c.id = v.channel_ref
                WHERE v.uid = ? AND c.channel_type = 1
                """, arguments: [uid])
        for ref in personRefs {
            try deleteChannel(ref: ref, messagesKey: "person_messages")
        }
        counts["person_channels"] = personRefs.count

        // Memberships in every other channel (its own person channel's lists included).
        var memberships: [ChannelKey: [MemberList]] = [:]
        for membership in try Row.fetchAll(
            db,
            sql: """
                SELECT m.channel_ref, m.list, c.channel_id, c.channel_type FROM channel_members m
                JOIN channels c ON c.id = m.channel_ref WHERE m.uid = ?
                """, arguments: [uid])
        {
            let key = try Self.channelKey(membership, idIndex: 2, typeIndex: 3)
            if let list = MemberList(rawValue: Int(try membership.decode(Int64.self, atIndex: 1))) {
                memberships[key, default: []].append(list)
            }
            if purgeMessages {
                counts["purged_messages", default: 0] += try MessageRows.purge(
                    sentBy: uid, channelRef: try membership.decode(Int64.self, atIndex: 0), in: db)
            }
        }
        try run("DELETE FROM channel_members WHERE uid = ?", [uid], count: "memberships")
        try run("DELETE FROM conversations WHERE uid = ?", [uid], count: "conversations")
        if let ownChannel = try ChannelRows.ref(of: ChannelKey(id: uid, type: .person), in: db) {
            try deleteChannel(ref: ownChannel, messagesKey: "person_messages")
        }
        try run("DELETE FROM devices WHERE uid = ?", [uid], count: "devices")
        try run("DELETE FROM system_uids WHERE uid = ?", [uid], count: "system_uid")
        try run("DELETE FROM user_activity WHERE uid = ?", [uid])
        try run("DELETE FROM users WHERE uid = ?", [uid])

        return UserDeletion(user: user, memberships: memberships, ownedChannels: owned, counts: counts)
    }

    static func userRecord(_ row: Row) throws -> UserRecord {
        UserRecord(
            uid: try row.decode(String.self, atIndex: 0), uuid: try row.decode(String.self, atIndex: 1),
            nickname: try row.decode(String.self, atIndex: 2), createdAt: try row.decode(Int64.self, atIndex: 3),
            modifiedAt: try row.decode(Int64.self, atIndex: 4))
    }

    private static func channelKey(_ row: Row, idIndex: Int, typeIndex: Int) throws -> ChannelKey {
        ChannelKey(
            id: try row.decode(String.self, atIndex: idIndex),
            type: ChannelType(UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: typeIndex))))
    }
}
