import Foundation
import GRDB
import JindouCore
import JindouProtocol
import JindouStorage
import JindouStorageSQLite
import JindouTestSupport

/// A data directory filled through `SQLiteStorage`'s API, as a server would have written it:
/// group and person channels with messages (some sent twice with the same client_msg_no, some
/// client_msg_nos shared by two senders), users with device tokens and nicknames, subscriber,
/// allow and deny lists, channel flags, system uids, read and hidden conversations, audit entries,
/// activity, a webhook watermark and dead letters (one removed, so the id sequence is above the
/// largest id), and one deleted channel (a gap in the channel ids).
struct SourceFixture {
    let directory: String
    let groups: [ChannelKey]
    let persons: [ChannelKey]
    let users: [String]
    /// Messages stored (duplicates are not).
    let messageCount: Int

    var channels: [ChannelKey] { groups + persons }

    static func build(
        groups groupCount: Int, persons personCount: Int, messagesPerChannel: Int
    ) async throws
        -> SourceFixture
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jindou-migrate-\(UUID().uuidString)").path
        let store = try SQLiteStorage(
            directory: directory, nodeID: 3, logger: quietLogger,
            configuration: .init(maxBatchSize: 5_000, syncMode: .off))
        let userCount = max(600, personCount * 2 + 10)
        let users = (0..<userCount).map { String(format: "user%05d", $0) }

        // Users: every one has an app token, every third a web token too, every fifth a nickname.
        for (index, uid) in users.enumerated() {
            if index % 5 == 0 { _ = try await store.registerUser(uid: uid, nickname: "Nick \"\(index)\" ü") }
            try await store.saveDeviceToken(DeviceToken(uid: uid, deviceFlag: .app, token: "t\(index)", level: .master))
            if index % 3 == 0 {
                try await store.saveDeviceToken(
                    DeviceToken(uid: uid, deviceFlag: .web, token: "w\(index)", level: .slave))
            }
        }
        try await store.clearDeviceTokens(uid: users[1], flags: nil)

        // Channels: flags and lists on some groups, subscribers (with conversations) on all.
        let groups = (0..<groupCount).map { ChannelKey(id: "group-\($0)", type: .group) }
        for (index, group) in groups.enumerated() {
            if index % 4 == 0 {
                try await store.saveChannelInfo(
                    ChannelInfo(
                        ban: index % 8 == 0, sendBan: index % 12 == 0, large: true, allowStranger: index % 16 == 0,
                        system: index % 20 == 0, owner: users[index % users.count]),
                    for: group)
            }
            let subscribers = (0..<4).map { users[(index * 7 + $0) % users.count] }
            try await store.addMembers(subscribers, to: .subscribers, of: group)
            if index % 10 == 0 {
                try await store.addMembers([users[(index + 100) % users.count]], to: .allowlist, of: group)
            }
            if index % 15 == 0 {
                try await store.addMembers([users[(index + 200) % users.count]], to: .denylist, of: group)
            }
        }
        let persons = (0..<personCount).map { index in
            ChannelKey(id: PersonChannel.id(between: users[2 * index], and: users[2 * index + 1]), type: .person)
        }
        // A channel with messages, deleted before the migration: its id stays unused.
        let deleted = ChannelKey(id: "deleted", type: .group)
        _ = try await store.append(request(deleted, from: users[0], clientMsgNo: "", payload: [1], round: 0))

        // Messages, round-robin over the channels, in large concurrent batches.
        let channels = groups + persons
        var requests: [AppendRequest] = []
        for round in 0..<messagesPerChannel {
            for (index, channel) in channels.enumerated() {
                let sender =
                    channel.type == .person
                    ? PersonChannel.members(of: channel.id).map { round % 2 == 0 ? $0.0 : $0.1 }!
                    : users[(index * 7 + round % 4) % users.count]
                let clientMsgNo = round % 3 == 0 ? "" : "cmn-\(round / 2)"
                let payload = (0..<(16 + (round * 13 + index) % 200)).map {
                    UInt8(truncatingIfNeeded: $0 &* 31 &+ index &+ round)
                }
                let message = request(channel, from: sender, clientMsgNo: clientMsgNo, payload: payload, round: round)
                requests.append(message)
                // A retry (deduplicated, not stored) and a conflicting reuse of the client_msg_no.
                if !clientMsgNo.isEmpty && round % 10 == 1 { requests.append(message) }
                if !clientMsgNo.isEmpty && round % 25 == 2 {
                    var conflict = message
                    conflict.payload = [0xFF]
                    requests.append(conflict)
                }
            }
        }
        var stored = 0
        for start in stride(from: 0, to: requests.count, by: 20_000) {
            let chunk = Array(requests[start..<min(requests.count, start + 20_000)])
            let (results, _) = await appendWithoutWaiting(chunk, to: store)
            for result in results {
                if case .stored = try result.get() { stored += 1 }
            }
        }
        precondition(stored == channels.count * messagesPerChannel, "every round of every channel is stored once")
        _ = try await store.deleteChannel(deleted)

        // Read cursors and hidden conversations.
        for (index, group) in groups.enumerated() where index % 3 == 0 {
            try await store.markRead(
                uid: users[(index * 7) % users.count], in: group, upTo: UInt64(messagesPerChannel / 2))
        }
        for (index, person) in persons.enumerated() where index % 5 == 0 {
            _ = try await store.hideConversation(uid: users[2 * index], in: person)
        }

        // System uids, audit entries (uids needing JSON and array escapes), activity, webhooks.
        let actor = AuditActor(name: "ops", clientIP: "10.0.0.1", userAgent: "curl/8", reason: "migration test")
        try await store.addSystemUIDs(
            ["sys-a", "sys-b"], audit: actor.entry(.systemUIDsAdd, uids: ["sys-a", "sys-b"]))
        for index in 0..<40 {
            try await store.appendAudit(
                actor.entry(
                    .userBan, uids: ["u/\(index)", "quote\"d", "back\\slash", "{brace,comma}", "ü"],
                    channel: groups[index % groups.count], before: #"{"banned":false}"#, after: #"{"banned":true}"#))
        }
        var activity: [String: Int64] = [:]
        for (index, uid) in users.enumerated() where index % 2 == 0 { activity[uid] = 1_700_000_000_000 + Int64(index) }
        try await store.saveLastActivity(activity)
        let lastID = try await store.lastMessageID()
        try await store.setWebhookWatermark(stream: "msg.notify", messageID: lastID - 10)
        try await store.addDeadLetters(
            (0..<3).map { index in
                DeadLetter(
                    event: "msg.notify", eventID: "ev-\(index)", body: Array("{\"n\":\(index)}".utf8),
                    itemCount: index + 1,
                    firstAttemptAt: 1_700_000_000_000, deadAt: 1_700_000_600_000, attempts: 7, lastError: "HTTP 503")
            })
        let letters = try await store.deadLetters(event: nil, after: 0, limit: 10)
        try await store.removeDeadLetter(id: letters.map(\.id).max()!)

        await store.close()
        return SourceFixture(
            directory: directory, groups: groups, persons: persons, users: users, messageCount: stored)
    }

    /// Deletes the data directory.
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var databasePath: String { directory + "/" + SQLiteStorage.fileName }

    /// The source database, opened read-only to compare it with the target.
    func openReadOnly() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: databasePath, configuration: configuration)
    }
}

private func request(
    _ channel: ChannelKey, from uid: String, clientMsgNo: String, payload: [UInt8], round: Int
) -> AppendRequest {
    AppendRequest(
        channel: channel, fromUID: uid, clientMsgNo: clientMsgNo, setting: MessageSetting(rawValue: UInt8(round % 4)),
        flags: PacketFlags(rawValue: UInt8(round % 3)), expire: UInt32(round % 2 * 3600),
        topic: round % 7 == 0 ? "t\(round)" : "",
        payload: payload, timestamp: 1_700_000_000 + Int32(round))
}
