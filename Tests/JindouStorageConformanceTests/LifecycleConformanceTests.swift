import Foundation
import JindouCore
import JindouStorage
import JindouStorageSQLite
import JindouTestSupport
import Testing

/// Opening, closing and restarting a store: what it reports about itself, what close does to
/// pending and later operations, and that a restart keeps every kind of data and continues seqs
/// and message ids.
@Suite("Store lifecycle conformance")
struct LifecycleConformanceTests {
    @Test(
        "the location names the database; the schema version is the last applied migration", arguments: Backend.allCases
    )
    func identity(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            let version = store.schemaVersion
            #expect(!version.isEmpty)
            switch reopener.database {
            case .sqlite(let path):
                #expect(store.location == path)
                #expect(FileManager.default.fileExists(atPath: path))
                #expect(version == SQLiteStorage.knownMigrations.last)
                #expect(
                    try await reopener.database.integer(
                        "SELECT count(*) FROM grdb_migrations WHERE identifier = '\(version)'") == 1)
                #expect(
                    try await reopener.database.integer(
                        "SELECT count(*) FROM grdb_migrations WHERE identifier > '\(version)'") == 0)
            case .postgres(let url):
                // The URL with any password masked.
                #expect(store.location == url.masked)
                #expect(store.location.contains("\(url.host):\(url.port)/\(url.database)"))
                #expect(
                    try await reopener.database.integer(
                        "SELECT count(*) FROM jindou_migrations WHERE id = '\(version)'") == 1)
                #expect(
                    try await reopener.database.integer(
                        "SELECT count(*) FROM jindou_migrations WHERE id > '\(version)'") == 0)
            }
            let reopened = try await reopener.reopen()
            #expect(reopened.schemaVersion == version)
            #expect(reopened.location == store.location)
        }
    }

    @Test("a fresh store is healthy", arguments: Backend.allCases)
    func health(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(await store.health() == .healthy)
            _ = try await store.append(request(group("g")))
            #expect(await store.health() == .healthy)
        }
    }

    @Test(
        "appends queued before close complete; everything after close fails with .closed; a second close is harmless",
        arguments: Backend.allCases)
    func close(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            let requests = (0..<1_000).map { request(group("c\($0 % 3)")) }
            async let pending = appendWithoutWaiting(requests, to: store)
            // Let some appends be submitted before closing.
            try await Task.sleep(for: .milliseconds(1))
            await store.close()
            let (results, _) = await pending
            // Each result is either a durable store or a clean .closed rejection, never anything
            // else, and what was stored is gap-free.
            var stored = 0
            for result in results {
                switch result {
                case .success(let outcome):
                    #expect(outcome.kind == "stored")
                    stored += 1
                case .failure(let error):
                    #expect(error.code == .closed, "\(error)")
                }
            }
            await store.close()

            do {
                _ = try await store.append(request(group("c0")))
                Issue.record("append after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed, "\(error)")
            }
            do {
                _ = try await store.lastSeq(of: group("c0"))
                Issue.record("lastSeq after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed, "\(error)")
            }
            do {
                _ = try await store.messages(in: group("c0"), MessageQuery(limit: 1, newestFirst: false))
                Issue.record("read after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed, "\(error)")
            }
            do {
                try await store.saveChannelInfo(ChannelInfo(), for: group("c0"))
                Issue.record("write after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed, "\(error)")
            }
            do {
                _ = try await store.auditEntries(AuditQuery())
                Issue.record("audit read after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed, "\(error)")
            }

            let reopened = try await reopener.reopen()
            var total: UInt64 = 0
            for index in 0..<3 {
                let channel = group("c\(index)")
                let last = try await reopened.lastSeq(of: channel)
                #expect(try await allMessages(reopened, channel).map(\.seq) == Array(0..<last).map { $0 + 1 })
                total += last
            }
            #expect(total == UInt64(stored))
        }
    }

    @Test(
        "after a restart messages and seqs are kept, seqs continue and message ids keep growing",
        arguments: Backend.allCases)
    func restart(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            var before: [StoredMessage] = []
            for index in 0..<15 {
                let channel = index < 10 ? group("a") : group("b")
                before.append(try await store.append(request(channel, clientMsgNo: "c\(index)")).message)
            }
            let maxID = before.map(\.messageID).max()!
            let reopened = try await reopener.reopen()
            #expect(try await reopened.lastSeq(of: group("a")) == 10)
            #expect(try await reopened.lastSeq(of: group("b")) == 5)
            #expect(try await allMessages(reopened, group("a")) + allMessages(reopened, group("b")) == before)
            #expect(try await reopened.lastMessageID() == maxID)

            let nextA = try await reopened.append(request(group("a"))).message
            let nextB = try await reopened.append(request(group("b"))).message
            let newChannel = try await reopened.append(request(group("c"))).message
            #expect(nextA.seq == 11)
            #expect(nextB.seq == 6)
            #expect(newChannel.seq == 1)
            #expect(nextA.messageID > maxID)
            #expect(nextB.messageID > nextA.messageID)
            #expect(reopened.nextMessageID() > newChannel.messageID)
        }
    }

    @Test(
        "after a restart ids stay above the stored maximum and every webhook watermark, whatever the node id",
        arguments: Backend.allCases)
    func idFloor(_ backend: Backend) async throws {
        // A node id of 1023 and then 0: the floor, not the node bits, must keep ids increasing.
        try await backend.withFreshStore(nodeID: 1023) { store, reopener in
            let first = try await store.append(request(group("a"))).message.messageID
            var reopened = try await reopener.reopen(nodeID: 0)
            let second = try await reopened.append(request(group("a"))).message.messageID
            #expect(second > first)

            // A watermark ahead of every stored id (a stream that delivered messages since deleted,
            // on a clock that has since stepped back, here: about four minutes ahead): a new id at
            // or below it would never be delivered.
            let watermark = second + (1 << 40)
            try await reopened.setWebhookWatermark(stream: "msg.notify", messageID: watermark)
            #expect(try await reopened.deleteChannel(group("a")))
            reopened = try await reopener.reopen(nodeID: 0)
            let third = try await reopened.append(request(group("b"))).message.messageID
            #expect(third > watermark)
            #expect(reopened.nextMessageID() > third)
        }
    }

    /// Everything a store holds, read through the storage protocols.
    private struct Snapshot: Equatable {
        var channels: [ChannelState] = []
        var users: [UserRecord] = []
        var tokens: [DeviceToken] = []
        var deviceCounts: [Int] = []
        var systemUIDs: [String] = []
        var conversations: [[ConversationRecord]] = []
        var audit: [AuditEntry] = []
        var activity: [String: Int64] = [:]
        var watermarks: [Int64?] = []
        var deadLetters: [DeadLetter] = []
        var deadLetterCounts: [String: Int] = [:]
        var messages: [StoredMessage] = []
        var lastSeqs: [UInt64] = []

        static let uids = ["u1", "u2", "u3", "ghost"]
        static let channels = [
            group("one"), group("two"), ChannelKey(id: "one", type: .community), person("u1", "u2"), group("chat"),
        ]

        init() {}

        init(of store: any Storage) async throws {
            channels = try await store.loadChannels()
            users = try await store.users(limit: 100, after: nil)
            for uid in Self.uids {
                for flag in DeviceFlag.userDevices {
                    if let token = try await store.deviceToken(uid: uid, deviceFlag: flag) { tokens.append(token) }
                }
                deviceCounts.append(try await store.deviceCount(of: uid))
                conversations.append(try await store.conversations(of: uid, limit: 100))
            }
            systemUIDs = try await store.systemUIDs()
            audit = try await store.auditEntries(AuditQuery())
            activity = try await store.lastActivity(of: Self.uids)
            for stream in ["msg.notify", "msg.offline", "never"] {
                watermarks.append(try await store.webhookWatermark(stream: stream))
            }
            deadLetters = try await store.deadLetters(event: nil, after: 0, limit: 100)
            deadLetterCounts = try await store.deadLetterCounts()
            messages = try await store.messagesCommitted(after: 0, limit: 1_000)
            for channel in Self.channels {
                lastSeqs.append(try await store.lastSeq(of: channel))
            }
        }
    }

    @Test(
        "a restart keeps channels, lists, users, tokens, system uids, conversations, audit, activity and webhook state",
        arguments: Backend.allCases)
    func restartKeepsEverything(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            try await store.saveChannelInfo(ChannelInfo(disband: true, owner: "u1"), for: group("one"))
            try await store.addMembers(["u1", "u2"], to: .subscribers, of: group("two"))
            try await store.addMembers(["u3"], to: .allowlist, of: group("two"))
            try await store.addMembers(["u2"], to: .denylist, of: group("two"))
            try await store.saveChannelInfo(ChannelInfo(sendBan: true), for: ChannelKey(id: "one", type: .community))
            #expect(try await store.registerUser(uid: "u1", nickname: "One"))
            try await store.saveDeviceToken(DeviceToken(uid: "u1", deviceFlag: .app, token: "a1", level: .master))
            try await store.saveDeviceToken(DeviceToken(uid: "u1", deviceFlag: .web, token: "w1", level: .slave))
            try await store.saveDeviceToken(DeviceToken(uid: "u2", deviceFlag: .pc, token: "p2", level: .master))
            try await store.clearDeviceTokens(uid: "u2", flags: [.pc])
            #expect(try await store.registerUser(uid: "u3", nickname: "Three"))
            try await store.addSystemUIDs(["u3", "u1"], audit: auditEntry(.systemUIDsAdd, uids: ["u3", "u1"]))
            for index in 0..<3 {
                _ = try await store.append(request(person("u1", "u2"), from: "u1", clientMsgNo: "p\(index)"))
                _ = try await store.append(request(group("two"), from: "u1", clientMsgNo: "t\(index)"))
            }
            try await store.markRead(uid: "u2", in: person("u1", "u2"), upTo: 2)
            #expect(try await store.hideConversation(uid: "u1", in: group("two")))
            try await store.appendAudit(auditEntry(.connectionKick, uids: ["u2"], reason: "kick"))
            try await store.saveLastActivity(["u1": 1_700_000_000_001, "u2": 1_700_000_000_002])
            let lastID = try await store.lastMessageID()
            try await store.setWebhookWatermark(stream: "msg.notify", messageID: lastID)
            try await store.setWebhookWatermark(stream: "msg.offline", messageID: 1)
            try await store.addDeadLetters([
                DeadLetter(
                    event: "msg.offline", eventID: "e1", body: [1, 2, 3], itemCount: 1, firstAttemptAt: 10, deadAt: 20,
                    attempts: 4, lastError: "timeout")
            ])
            let before = try await Snapshot(of: store)
            // Every part of the snapshot holds something, so the comparison below means something.
            #expect(
                before.channels.map(\.key) == [group("one"), group("two"), ChannelKey(id: "one", type: .community)])
            #expect(before.users.count == 3 && before.tokens.count == 3 && before.deviceCounts == [2, 0, 0, 0])
            #expect(before.systemUIDs == ["u1", "u3"] && before.audit.count == 2 && before.activity.count == 2)
            #expect(before.conversations.map(\.count) == [2, 1, 0, 0] && before.watermarks == [lastID, 1, nil])
            #expect(before.deadLetters.count == 1 && before.messages.count == 6 && before.lastSeqs == [0, 3, 0, 3, 0])

            let reopened = try await reopener.reopen()
            let after = try await Snapshot(of: reopened)
            #expect(after == before)
            // Writes build on what was kept.
            #expect(try await reopened.append(request(group("two"), from: "u1", clientMsgNo: "t0")).kind == "duplicate")
            #expect(try await reopened.append(request(person("u1", "u2"), from: "u2")).message.seq == 4)
            #expect(try await !reopened.registerUser(uid: "u1", nickname: "again"))
            try await reopened.setWebhookWatermark(stream: "msg.notify", messageID: 1)
            #expect(try await reopened.webhookWatermark(stream: "msg.notify") == lastID)
            #expect(
                try await reopened.removeSystemUIDs(["u1", "nobody"]) == .notSystemUsers(["nobody"]))
        }
    }
}
