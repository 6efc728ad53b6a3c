import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Every configured channel (its info was saved or its lists changed at least once) with its
    /// flags and three lists, in creation order. Channels that only ever received messages are
    /// not included: they have default flags and no members.
    package func loadChannels() async throws(StorageError) -> [ChannelState] {
        try await read("loading channels") { db in
            var states: [ChannelState] = []
            var indexByRef: [Int64: Int] = [:]
            let channels = try Row.fetchCursor(db, sql: ChannelMemberRows.selectConfigured)
            while let row = try channels.next() {
                let ref = try row.decode(Int64.self, atIndex: 0)
                let type = ChannelType(UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 2)))
                let info = ChannelInfo(
                    ban: try row.decode(Bool.self, atIndex: 3),
                    disband: try row.decode(Bool.self, atIndex: 4),
                    sendBan: try row.decode(Bool.self, atIndex: 5),
                    large: try row.decode(Bool.self, atIndex: 6),
                    allowStranger: try row.decode(Bool.self, atIndex: 7),
                    system: try row.decode(Bool.self, atIndex: 8),
                    owner: try row.decode(String.self, atIndex: 9)
                )
                indexByRef[ref] = states.count
                states.append(
                    ChannelState(key: ChannelKey(id: try row.decode(String.self, atIndex: 1), type: type), info: info))
            }
            let members = try Row.fetchCursor(db, sql: ChannelMemberRows.selectAllMembers)
            while let row = try members.next() {
                let ref = try row.decode(Int64.self, atIndex: 0)
                guard let index = indexByRef[ref],
                    let list = MemberList(rawValue: Int(try row.decode(Int64.self, atIndex: 1)))
                else { continue }
                states[index][list].insert(try row.decode(String.self, atIndex: 2))
            }
            return states
        }
    }

    /// Creates the channel if needed and sets its flags.
    package func saveChannelInfo(
        _ info: ChannelInfo, for channel: ChannelKey, audit: AuditEntry?
    ) async throws(StorageError) {
        try await write("saving the info of \(channel)") { db in
            if let audit { try AuditRows.append(audit, in: db) }
            let now = ChannelRows.now()
            try db.cachedStatement(sql: ChannelMemberRows.upsertInfo).execute(arguments: [
                channel.id, Int64(channel.type.rawValue), info.ban, info.disband, info.sendBan, info.large,
                info.allowStranger, info.system, info.owner, now, now,
            ])
        }
    }

    /// Adds uids to one list (idempotent), creating the channel if needed.
    package func addMembers(
        _ uids: [String], to list: MemberList, of channel: ChannelKey, audit: AuditEntry?
    )
        async throws(StorageError)
    {
        try await write("adding \(uids.count) members to the \(list) of \(channel)") { db in
            if let audit { try AuditRows.append(audit, in: db) }
            let now = ChannelRows.now()
            let ref = try ChannelMemberRows.configuredRef(of: channel, now: now, in: db)
            try ChannelMemberRows.insert(uids, list: list, channelRef: ref, now: now, in: db)
            guard channel.type != .person else { return }
            switch list {
            case .subscribers: try ConversationRows.createIfMissing(uids, channelRef: ref, in: db)
            case .denylist: try ConversationRows.delete(uids, channelRef: ref, in: db)
            case .allowlist: break
            }
        }
    }

    /// Removes uids from one list; absent uids and unknown channels are ignored.
    package func removeMembers(
        _ uids: [String], from list: MemberList, of channel: ChannelKey, audit: AuditEntry?
    )
        async throws(StorageError)
    {
        try await write("removing \(uids.count) members from the \(list) of \(channel)") { db in
            if let audit { try AuditRows.append(audit, in: db) }
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return }
            let statement = try db.cachedStatement(sql: ChannelMemberRows.deleteMember)
            let listValue = Int64(list.rawValue)
            for uid in uids {
                try statement.execute(arguments: [ref, listValue, uid])
            }
            try db.cachedStatement(sql: ChannelMemberRows.markConfigured).execute(arguments: [ChannelRows.now(), ref])
            guard channel.type != .person else { return }
            switch list {
            case .subscribers:
                try ConversationRows.delete(uids, channelRef: ref, in: db)
            case .denylist:
                // Subscribers taken off the denylist see the channel again.
                let isSubscriber = try db.cachedStatement(sql: ChannelMemberRows.selectIsMember)
                let subscribers = try uids.filter { uid in
                    try Bool.fetchOne(isSubscriber, arguments: [ref, Int64(MemberList.subscribers.rawValue), uid])
                        ?? false
                }
                try ConversationRows.createIfMissing(subscribers, channelRef: ref, in: db)
            case .allowlist:
                break
            }
        }
    }

    /// Replaces a whole list (an empty array clears it) in one transaction, creating the channel
    /// if needed.
    package func replaceMembers(
        _ uids: [String], in list: MemberList, of channel: ChannelKey, audit: AuditEntry?
    )
        async throws(StorageError)
    {
        try await write("replacing the \(list) of \(channel) with \(uids.count) members") { db in
            if let audit { try AuditRows.append(audit, in: db) }
            let now = ChannelRows.now()
            let ref = try ChannelMemberRows.configuredRef(of: channel, now: now, in: db)
            let previous = try String.fetchAll(
                db.cachedStatement(sql: ChannelMemberRows.selectList), arguments: [ref, Int64(list.rawValue)])
            try db.cachedStatement(sql: ChannelMemberRows.deleteList).execute(arguments: [ref, Int64(list.rawValue)])
            try ChannelMemberRows.insert(uids, list: list, channelRef: ref, now: now, in: db)
            guard channel.type != .person else { return }
            switch list {
            case .subscribers:
                try ConversationRows.delete(Set(previous).subtracting(uids), channelRef: ref, in: db)
                try ConversationRows.createIfMissing(uids, channelRef: ref, in: db)
            case .denylist:
                try ConversationRows.delete(uids, channelRef: ref, in: db)
            case .allowlist:
                break
            }
        }
    }

    /// Deletes a channel with its lists, messages and conversations, in one transaction.
    /// Returns false if the channel had no row.
    package func deleteChannel(_ channel: ChannelKey) async throws(StorageError) -> Bool {
        let epoch = channelCacheEpoch
        return try await write("deleting \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return false }
            try ChannelMemberRows.deleteChannel(ref: ref, in: db)
            // Inside the transaction, so the writer's next batch (serialized after this one)
            // drops its cached row id and seq of the channel.
            epoch.advance()
            return true
        }
    }
}
