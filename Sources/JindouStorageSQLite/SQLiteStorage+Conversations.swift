import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// A user's conversations, most recently updated first.
    package func conversations(of uid: String, limit: Int) async throws(StorageError) -> [ConversationRecord] {
        try await read("reading the conversations of \(uid)") { db in
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: ConversationRows.selectOfUser), arguments: [uid, limit])
            var records: [ConversationRecord] = []
            while let row = try rows.next() {
                let type = ChannelType(UInt8(truncatingIfNeeded: try row.decode(Int64.self, atIndex: 1)))
                records.append(
                    ConversationRecord(
                        uid: uid, channel: ChannelKey(id: try row.decode(String.self, atIndex: 0), type: type),
                        readSeq: UInt64(clamping: try row.decode(Int64.self, atIndex: 2)),
                        deletedSeq: UInt64(clamping: try row.decode(Int64.self, atIndex: 3)),
                        updatedAt: try row.decode(Int64.self, atIndex: 4)))
            }
            return records
        }
    }

    /// One conversation, nil if the user has none for the channel.
    package func conversation(of uid: String, in channel: ChannelKey) async throws(StorageError) -> ConversationRecord?
    {
        try await read("reading the conversation of \(uid) in \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db),
                let row = try Row.fetchOne(db.cachedStatement(sql: ConversationRows.selectOne), arguments: [uid, ref])
            else { return nil }
            return ConversationRecord(
                uid: uid, channel: channel, readSeq: UInt64(clamping: try row.decode(Int64.self, atIndex: 0)),
                deletedSeq: UInt64(clamping: try row.decode(Int64.self, atIndex: 1)),
                updatedAt: try row.decode(Int64.self, atIndex: 2))
        }
    }

    /// Creates missing conversations with the read cursor at the channel's last seq.
    package func createConversations(for uids: [String], in channel: ChannelKey) async throws(StorageError) {
        try await write("creating conversations in \(channel)") { db in
            let ref = try ChannelRows.ensureRef(of: channel, now: ChannelRows.now(), in: db)
            try ConversationRows.createIfMissing(uids, channelRef: ref, in: db)
        }
    }

    /// Moves a read cursor forward, creating the conversation if needed.
    package func markRead(uid: String, in channel: ChannelKey, upTo seq: UInt64) async throws(StorageError) {
        try await write("marking \(channel) read for \(uid)") { db in
            let ref = try ChannelRows.ensureRef(of: channel, now: ChannelRows.now(), in: db)
            let now = ConversationRows.nowMilliseconds()
            try db.cachedStatement(sql: ConversationRows.upsertRead).execute(arguments: [
                uid, ref, MessageRows.sqlSeq(seq), now / 1000, now,
            ])
        }
    }

    /// Hides a conversation up to the channel's current last seq and marks it read.
    package func hideConversation(uid: String, in channel: ChannelKey) async throws(StorageError) -> Bool {
        try await write("deleting the conversation of \(uid) in \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return false }
            let lastSeq = MessageRows.sqlSeq(try MessageRows.lastSeq(channelRef: ref, in: db))
            try db.cachedStatement(sql: ConversationRows.hide).execute(arguments: [
                lastSeq, lastSeq, ConversationRows.nowMilliseconds(), uid, ref,
            ])
            return db.changesCount > 0
        }
    }

    /// Deletes the conversations of these uids in a channel.
    package func deleteConversations(for uids: [String], in channel: ChannelKey) async throws(StorageError) {
        try await write("deleting conversations in \(channel)") { db in
            guard let ref = try ChannelRows.ref(of: channel, in: db) else { return }
            try ConversationRows.delete(uids, channelRef: ref, in: db)
        }
    }
}
