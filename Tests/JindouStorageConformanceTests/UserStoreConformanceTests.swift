import Foundation
import JindouCore
import JindouStorage
import Testing

/// Users and device tokens: registration, listing, tokens, and deleting a user with everything
/// that belongs to it.
@Suite("User store conformance")
struct UserStoreConformanceTests {
    @Test("tokens are upserted per (uid, device flag); saving one creates the user", arguments: Backend.allCases)
    func tokens(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.deviceToken(uid: "alice", deviceFlag: .app) == nil)
            #expect(try await !store.userExists("alice"))
            try await store.saveDeviceToken(DeviceToken(uid: "alice", deviceFlag: .app, token: "t1", level: .slave))
            try await store.saveDeviceToken(DeviceToken(uid: "alice", deviceFlag: .web, token: "w1", level: .master))
            try await store.saveDeviceToken(DeviceToken(uid: "alice", deviceFlag: .app, token: "t2", level: .master))
            #expect(
                try await store.deviceToken(uid: "alice", deviceFlag: .app)
                    == DeviceToken(uid: "alice", deviceFlag: .app, token: "t2", level: .master))
            #expect(
                try await store.deviceToken(uid: "alice", deviceFlag: .web)
                    == DeviceToken(uid: "alice", deviceFlag: .web, token: "w1", level: .master))
            #expect(try await store.deviceToken(uid: "alice", deviceFlag: .pc) == nil)
            #expect(try await store.deviceToken(uid: "bob", deviceFlag: .app) == nil)
            #expect(try await store.userExists("alice"))
            #expect(try await store.deviceCount(of: "alice") == 2)
            let user = try #require(try await store.user("alice"))
            #expect(user.nickname == "")
            // Registering an existing uid changes nothing.
            #expect(try await !store.registerUser(uid: "alice", nickname: "Alice"))
            #expect(try await store.user("alice") == user)
        }
    }

    @Test(
        "clearing tokens empties the given devices (or all) and keeps the user; the audit entry is written",
        arguments: Backend.allCases)
    func clearTokens(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            for flag in [DeviceFlag.app, .web, .pc] {
                try await store.saveDeviceToken(
                    DeviceToken(uid: "u", deviceFlag: flag, token: "t\(flag)", level: .master))
            }
            try await store.saveDeviceToken(DeviceToken(uid: "other", deviceFlag: .app, token: "o", level: .master))
            #expect(try await store.deviceCount(of: "u") == 3)
            try await store.clearDeviceTokens(
                uid: "u", flags: [.app, .web], audit: auditEntry(.deviceQuit, uids: ["u"], reason: "two"))
            #expect(try await store.deviceToken(uid: "u", deviceFlag: .app)?.token == "")
            #expect(try await store.deviceToken(uid: "u", deviceFlag: .web)?.token == "")
            #expect(try await store.deviceToken(uid: "u", deviceFlag: .pc)?.token == "t\(DeviceFlag.pc)")
            #expect(try await store.deviceCount(of: "u") == 1)
            try await store.clearDeviceTokens(uid: "u", flags: nil)
            #expect(try await store.deviceCount(of: "u") == 0)
            #expect(try await store.userExists("u"))
            #expect(try await store.deviceToken(uid: "other", deviceFlag: .app)?.token == "o")
            #expect(try await store.auditEntries(AuditQuery()).map(\.reason) == ["two"])
            // A new token makes the device count again.
            try await store.saveDeviceToken(DeviceToken(uid: "u", deviceFlag: .app, token: "new", level: .slave))
            #expect(try await store.deviceCount(of: "u") == 1)
        }
    }

    @Test(
        "registered users have a uuid and times; they are listed in creation order, page by page; touch",
        arguments: Backend.allCases)
    func registerAndList(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let before = nowMilliseconds()
            for uid in ["u3", "u1", "u2"] {
                #expect(try await store.registerUser(uid: uid, nickname: "nick-\(uid)"))
                try await Task.sleep(for: .milliseconds(3))
            }
            let after = nowMilliseconds()
            #expect(try await !store.registerUser(uid: "u1", nickname: "changed"))
            let u1 = try #require(try await store.user("u1"))
            #expect(u1.uid == "u1")
            #expect(u1.nickname == "nick-u1")
            #expect(UUID(uuidString: u1.uuid) != nil, "uuid \(u1.uuid)")
            #expect((before...after).contains(u1.createdAt), "createdAt \(u1.createdAt) not in \(before)...\(after)")
            #expect(u1.modifiedAt >= u1.createdAt)
            #expect(try await store.userExists("u1"))
            #expect(try await store.user("nobody") == nil)

            let all = try await store.users(limit: 10, after: nil)
            #expect(all.map(\.uid) == ["u3", "u1", "u2"])
            #expect(Set(all.map(\.uuid)).count == 3)
            #expect(try await store.users(limit: 2, after: nil) == Array(all[0..<2]))
            #expect(try await store.users(limit: 2, after: all[1]) == [all[2]])
            #expect(try await store.users(limit: 2, after: all[2]).isEmpty)

            try await Task.sleep(for: .milliseconds(3))
            try await store.touchUser("u1")
            let touched = try #require(try await store.user("u1"))
            #expect(touched.modifiedAt > u1.modifiedAt)
            #expect(touched.createdAt == u1.createdAt)
            #expect(touched.uuid == u1.uuid)
            // Touching does not reorder the listing.
            #expect(try await store.users(limit: 10, after: nil).map(\.uid) == ["u3", "u1", "u2"])
        }
    }

    /// A user `victim` with two devices, a system uid, last activity, memberships of every list
    /// kind, a group it owns, a person channel with `m2`, and its own person channel's settings;
    /// around it `m1`, `m2` and `host`, with channels and messages of their own.
    private struct DeletionFixture {
        let shared = group("shared")  // owned by host; victim and m1 subscribe
        let gated = group("gated")  // m1 subscribes; victim on the allowlist and the denylist
        let club = group("club")  // owned by victim; victim, m1 and m2 subscribe
        let chat = person("victim", "m2")
        let bystanders = person("m1", "m2")
        let m1Settings = ChannelKey(id: "m1", type: .person)  // m1 denies victim
        let victimSettings = ChannelKey(id: "victim", type: .person)  // victim denies a spammer

        func build(in store: any Storage) async throws {
            for flag in [DeviceFlag.app, .web] {
                try await store.saveDeviceToken(
                    DeviceToken(uid: "victim", deviceFlag: flag, token: "v\(flag)", level: .master))
            }
            for uid in ["m1", "m2", "host"] {
                try await store.saveDeviceToken(DeviceToken(uid: uid, deviceFlag: .app, token: uid, level: .master))
            }
            try await store.addSystemUIDs(["victim", "m1"])
            try await store.saveLastActivity(["victim": 1_000, "m1": 2_000])
            try await store.saveChannelInfo(ChannelInfo(owner: "host"), for: shared)
            try await store.addMembers(["victim", "m1"], to: .subscribers, of: shared)
            try await store.addMembers(["m1"], to: .subscribers, of: gated)
            try await store.addMembers(["victim", "m1"], to: .allowlist, of: gated)
            try await store.addMembers(["victim"], to: .denylist, of: gated)
            try await store.saveChannelInfo(ChannelInfo(owner: "victim"), for: club)
            try await store.addMembers(["victim", "m1", "m2"], to: .subscribers, of: club)
            try await store.addMembers(["victim"], to: .denylist, of: m1Settings)
            try await store.addMembers(["spammer"], to: .denylist, of: victimSettings)
            for (channel, from) in [
                (shared, "victim"), (shared, "m1"), (club, "victim"), (club, "m1"), (chat, "m2"), (chat, "victim"),
                (gated, "m1"), (bystanders, "m1"),
            ] {
                _ = try await store.append(request(channel, from: from))
            }
        }
    }

    @Test(
        "deleting a user removes it and everything that belongs to it, in one transaction with its audit entry",
        arguments: Backend.allCases, [false, true])
    func deleteUser(_ backend: Backend, purgeMessages: Bool) async throws {
        try await backend.withFreshStore { store, _ in
            let fixture = DeletionFixture()
            try await fixture.build(in: store)
            let victim = try #require(try await store.user("victim"))
            let m1Conversations = try await store.conversations(of: "m1", limit: 10)

            // The preview runs the same cascade and rolls it back: nothing changes.
            let preview = try #require(try await store.previewUserDeletion("victim", purgeMessages: purgeMessages))
            #expect(try await store.user("victim") == victim)
            #expect(try await store.deviceCount(of: "victim") == 2)
            #expect(try await store.conversations(of: "m1", limit: 10) == m1Conversations)
            #expect(try await store.previewUserDeletion("ghost", purgeMessages: purgeMessages) == nil)

            let deletion = try #require(
                try await store.deleteUser("victim", purgeMessages: purgeMessages) { deletion in
                    auditEntry(.userDelete, uids: [deletion.user.uid], before: "\(deletion.counts.count) counts")
                })
            #expect(deletion.user == victim)
            #expect(preview == deletion, "the preview announced exactly what the deletion removed")
            // Counts per kind (a kind with nothing removed may be absent).
            var expected = [
                "devices": 2, "system_uid": 1, "owned_channels": 1, "owned_channel_messages": 2,
                "person_channels": 1, "person_messages": 2, "memberships": 4, "conversations": 1,
            ]
            if purgeMessages { expected["purged_messages"] = 1 }
            #expect(deletion.counts.filter { $0.value != 0 } == expected)
            #expect(deletion.ownedChannels == [fixture.club])
            #expect(
                deletion.memberships.mapValues(Set.init) == [
                    fixture.shared: [.subscribers], fixture.gated: [.allowlist, .denylist],
                    fixture.m1Settings: [.denylist],
                ])

            // Gone as a user, with its devices, system uid and activity.
            #expect(try await store.user("victim") == nil)
            #expect(try await !store.userExists("victim"))
            #expect(try await store.deviceToken(uid: "victim", deviceFlag: .app) == nil)
            #expect(try await store.deviceCount(of: "victim") == 0)
            #expect(try await store.systemUIDs() == ["m1"])
            #expect(try await store.lastActivity(of: ["victim", "m1"]) == ["m1": 2_000])
            #expect(try await store.users(limit: 10, after: nil).map(\.uid).sorted() == ["host", "m1", "m2"])
            // Off every list; its owned group and its own person channel settings are gone.
            let channels = try await store.loadChannels()
            #expect(
                Set(channels)
                    == [
                        ChannelState(key: fixture.shared, info: ChannelInfo(owner: "host"), subscribers: ["m1"]),
                        ChannelState(key: fixture.gated, subscribers: ["m1"], allowlist: ["m1"]),
                        ChannelState(key: fixture.m1Settings),
                    ])
            // Its conversations, and the peers' with it or in its group.
            #expect(try await store.conversations(of: "victim", limit: 10).isEmpty)
            #expect(try await store.conversations(of: "m2", limit: 10).map(\.channel) == [fixture.bystanders])
            #expect(
                Set(try await store.conversations(of: "m1", limit: 10))
                    == Set(m1Conversations.filter { $0.channel != fixture.club }))
            // Messages: its person channel's and its group's are gone; its messages elsewhere
            // only with purgeMessages.
            #expect(try await allMessages(store, fixture.chat).isEmpty)
            #expect(try await allMessages(store, fixture.club).isEmpty)
            #expect(
                try await allMessages(store, fixture.shared).map(\.fromUID)
                    == (purgeMessages ? ["m1"] : ["victim", "m1"]))
            #expect(try await allMessages(store, fixture.gated).map(\.fromUID) == ["m1"])
            #expect(try await allMessages(store, fixture.bystanders).count == 1)
            // Others keep their devices.
            for uid in ["m1", "m2", "host"] {
                #expect(try await store.deviceCount(of: uid) == 1, "\(uid)")
            }
            // The audit entry, once.
            let audit = try await store.auditEntries(AuditQuery(action: .userDelete))
            #expect(audit.count == 1)
            #expect(audit.first?.uids == ["victim"])
            #expect(audit.first?.before == "\(deletion.counts.count) counts")

            // A second deletion, or one of an unknown user, finds nothing and writes no entry.
            for uid in ["victim", "ghost"] {
                let again = try await store.deleteUser(uid, purgeMessages: purgeMessages) { _ in
                    auditEntry(.userDelete)
                }
                #expect(again == nil, "\(uid)")
            }
            #expect(try await store.auditEntries(AuditQuery(action: .userDelete)).count == 1)
            // The deleted channels start afresh (no cached row or seq survives).
            #expect(try await store.append(request(fixture.chat, from: "m2")).message.seq == 1)
            #expect(try await store.append(request(fixture.club, from: "m1")).message.seq == 1)
            #expect(try await store.append(request(fixture.shared, from: "m1")).message.seq == 3)
        }
    }

    @Test(
        "purging the author of a channel's newest messages never lets their seqs be reused, across a restart",
        arguments: Backend.allCases)
    func purgeKeepsSeqsUsed(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            let room = group("room")  // 1 and 3 stay, 2, 4 and 5 are purged
            let quiet = group("quiet")  // 1 stays, 2 is purged; not written again before the restart
            let emptied = group("emptied")  // 1 and 2 are purged
            #expect(try await store.registerUser(uid: "leaves", nickname: ""))
            try await store.addMembers(["stays", "leaves"], to: .subscribers, of: room)
            try await store.addMembers(["stays", "leaves"], to: .subscribers, of: quiet)
            try await store.addMembers(["leaves"], to: .subscribers, of: emptied)
            for (channel, from) in [
                (room, "stays"), (room, "leaves"), (room, "stays"), (room, "leaves"), (room, "leaves"),
                (quiet, "stays"), (quiet, "leaves"), (emptied, "leaves"), (emptied, "leaves"),
            ] {
                _ = try await store.append(request(channel, from: from))
            }

            let deletion = try #require(try await store.deleteUser("leaves", purgeMessages: true) { _ in nil })
            #expect(deletion.counts["purged_messages"] == 6)
            #expect(try await allMessages(store, room).map(\.seq) == [1, 3])
            #expect(try await allMessages(store, emptied).isEmpty)
            #expect(try await store.lastSeq(of: room) == 5)
            #expect(try await store.lastSeq(of: quiet) == 2)
            #expect(try await store.lastSeq(of: emptied) == 2)
            // A subscriber added now has read up to the last seq, purged messages included.
            try await store.addMembers(["late"], to: .subscribers, of: room)
            #expect(try await store.conversation(of: "late", in: room)?.readSeq == 5)
            // The next message continues after the purged ones.
            let next = try await store.append(request(room, from: "stays")).message
            #expect(next.seq == 6)
            #expect(try await store.lastSeq(of: room) == 6)

            // After a restart the last seqs are read back from disk.
            let reopened = try await reopener.reopen()
            for (channel, last) in [(room, 6), (quiet, 2), (emptied, 2)] {
                #expect(try await reopened.lastSeq(of: channel) == UInt64(last), "\(channel)")
                #expect(
                    try await reopened.append(request(channel, from: "stays")).message.seq == UInt64(last + 1),
                    "\(channel)")
            }
            // A deleted channel starts afresh, as before.
            #expect(try await reopened.deleteChannel(emptied))
            #expect(try await reopened.append(request(emptied, from: "stays")).message.seq == 1)
        }
    }

    @Test("a deletion whose audit closure returns nil writes no entry", arguments: Backend.allCases)
    func deleteUserWithoutAudit(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.registerUser(uid: "quiet", nickname: ""))
            let deletion = try await store.deleteUser("quiet", purgeMessages: false) { _ in nil }
            #expect(deletion?.user.uid == "quiet")
            #expect(deletion?.ownedChannels == [])
            #expect(deletion?.memberships == [:])
            #expect(deletion.map { $0.counts.filter { $0.value != 0 } } == [:])
            #expect(try await store.user("quiet") == nil)
            #expect(try await store.auditEntries(AuditQuery()).isEmpty)
        }
    }
}
