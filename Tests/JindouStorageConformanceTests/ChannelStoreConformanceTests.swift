import JindouCore
import JindouStorage
import Testing

/// Channels: flags, the three member lists, what list changes do to conversations, and deleting
/// a channel.
@Suite("Channel store conformance")
struct ChannelStoreConformanceTests {
    @Test("info and the three lists round-trip through loadChannels", arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let channel = group("team")
            let info = ChannelInfo(
                ban: true, disband: false, sendBan: true, large: true, allowStranger: false, system: true,
                owner: "boss")
            try await store.saveChannelInfo(info, for: channel)
            try await store.addMembers(["a", "b", "c"], to: .subscribers, of: channel)
            try await store.addMembers(["a"], to: .allowlist, of: channel)
            try await store.addMembers(["x", "y"], to: .denylist, of: channel)

            let loaded = try #require(try await channelState(store, channel))
            #expect(
                loaded
                    == ChannelState(
                        key: channel, info: info, subscribers: ["a", "b", "c"], allowlist: ["a"], denylist: ["x", "y"]))
            #expect(try await store.loadChannels().count == 1)
        }
    }

    @Test("saving info again overwrites the flags; adding members creates the channel", arguments: Backend.allCases)
    func updates(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let channel = ChannelKey(id: "p1@p2", type: .person)
            try await store.addMembers(["p1", "p1", "p2"], to: .subscribers, of: channel)
            var loaded = try #require(try await channelState(store, channel))
            #expect(loaded.info == ChannelInfo())
            #expect(loaded.subscribers == ["p1", "p2"])

            try await store.saveChannelInfo(ChannelInfo(ban: true, owner: "p1"), for: channel)
            try await store.saveChannelInfo(ChannelInfo(allowStranger: true), for: channel)
            loaded = try #require(try await channelState(store, channel))
            #expect(loaded.info == ChannelInfo(allowStranger: true))
            #expect(loaded.subscribers == ["p1", "p2"])
            // Adding is idempotent.
            try await store.addMembers(["p2"], to: .subscribers, of: channel)
            #expect(try await channelState(store, channel)?.subscribers == ["p1", "p2"])
        }
    }

    @Test(
        "remove drops only the given uids of one list; unknown uids and channels are ignored",
        arguments: Backend.allCases)
    func remove(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let channel = group("g")
            try await store.addMembers(["a", "b", "c"], to: .subscribers, of: channel)
            try await store.addMembers(["a", "b"], to: .denylist, of: channel)
            try await store.removeMembers(["b", "zzz"], from: .subscribers, of: channel)
            let loaded = try #require(try await channelState(store, channel))
            #expect(loaded.subscribers == ["a", "c"])
            #expect(loaded.denylist == ["a", "b"])
            try await store.removeMembers(["a"], from: .subscribers, of: group("unknown"))
            #expect(try await channelState(store, group("unknown")) == nil)
        }
    }

    @Test("replace swaps a whole list; an empty array clears it", arguments: Backend.allCases)
    func replace(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let channel = group("g")
            try await store.addMembers(["a", "b", "c"], to: .subscribers, of: channel)
            try await store.addMembers(["d"], to: .allowlist, of: channel)
            try await store.replaceMembers(["c", "e"], in: .subscribers, of: channel)
            var loaded = try #require(try await channelState(store, channel))
            #expect(loaded.subscribers == ["c", "e"])
            #expect(loaded.allowlist == ["d"])
            try await store.replaceMembers([], in: .allowlist, of: channel)
            loaded = try #require(try await channelState(store, channel))
            #expect(loaded.allowlist.isEmpty)
            #expect(loaded.subscribers == ["c", "e"])
            // Replace also creates the channel.
            try await store.replaceMembers(["z"], in: .denylist, of: group("new"))
            #expect(try await channelState(store, group("new"))?.denylist == ["z"])
        }
    }

    @Test("channels that only received messages are not loaded until configured", arguments: Backend.allCases)
    func messageOnlyChannels(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            _ = try await store.append(request(group("chatty")))
            _ = try await store.append(request(person("ann", "ben"), from: "ann"))
            #expect(try await store.loadChannels().isEmpty)
            try await store.saveChannelInfo(ChannelInfo(large: true), for: group("chatty"))
            #expect(try await store.loadChannels().map(\.key) == [group("chatty")])
            #expect(try await channelState(store, group("chatty"))?.info == ChannelInfo(large: true))
            // Configuring the channel does not disturb its log.
            #expect(try await store.append(request(group("chatty"))).message.seq == 2)
        }
    }

    @Test(
        "list changes keep conversations in step: subscribers have one unless denied; person channels untouched",
        arguments: Backend.allCases)
    func listsAndConversations(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            func readSeq(_ uid: String) async throws -> UInt64? {
                try await store.conversation(of: uid, in: room)?.readSeq
            }
            for _ in 0..<3 { _ = try await store.append(request(room)) }
            // New subscribers start with everything read; an existing conversation is unchanged.
            try await store.markRead(uid: "s1", in: room, upTo: 1)
            try await store.addMembers(["s1", "s2", "s3", "s4"], to: .subscribers, of: room)
            #expect(try await readSeq("s1") == 1)
            #expect(try await readSeq("s2") == 3)
            // Denied subscribers lose theirs and get it back (at the last seq) when let back in.
            try await store.addMembers(["s2", "outsider"], to: .denylist, of: room)
            #expect(try await readSeq("s2") == nil)
            _ = try await store.append(request(room))
            try await store.removeMembers(["s2", "outsider"], from: .denylist, of: room)
            #expect(try await readSeq("s2") == 4)
            #expect(try await readSeq("outsider") == nil)
            // Replacing the subscribers drops those left out and adds the new ones.
            try await store.replaceMembers(["s1", "s2", "s4", "s5"], in: .subscribers, of: room)
            #expect(try await readSeq("s3") == nil)
            #expect(try await readSeq("s5") == 4)
            #expect(try await readSeq("s1") == 1)
            // Replacing the denylist drops the conversations of the denied.
            try await store.replaceMembers(["s1"], in: .denylist, of: room)
            #expect(try await readSeq("s1") == nil)
            // The allowlist changes nothing.
            try await store.addMembers(["s4", "other"], to: .allowlist, of: room)
            try await store.removeMembers(["s5"], from: .allowlist, of: room)
            #expect(try await readSeq("s4") == 3)
            #expect(try await readSeq("other") == nil)
            #expect(try await readSeq("s5") == 4)
            // Removing a subscriber drops its conversation.
            try await store.removeMembers(["s4"], from: .subscribers, of: room)
            #expect(try await readSeq("s4") == nil)

            // A person channel's lists are its owner's settings: no conversations.
            let settings = ChannelKey(id: "owner", type: .person)
            try await store.addMembers(["fan"], to: .subscribers, of: settings)
            try await store.replaceMembers(["fan2"], in: .subscribers, of: settings)
            #expect(try await store.conversations(of: "fan", limit: 10).isEmpty)
            #expect(try await store.conversations(of: "fan2", limit: 10).isEmpty)
        }
    }

    @Test(
        "deleting a channel removes its lists, messages and conversations only; a re-created one starts afresh",
        arguments: Backend.allCases)
    func deleteChannel(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("gone")
            let neighbour = group("stays")
            for channel in [room, neighbour] {
                try await store.saveChannelInfo(ChannelInfo(ban: true), for: channel)
                try await store.addMembers(["m", "n"], to: .subscribers, of: channel)
                try await store.addMembers(["a"], to: .allowlist, of: channel)
                try await store.addMembers(["d"], to: .denylist, of: channel)
                for index in 0..<5 { _ = try await store.append(request(channel, clientMsgNo: "c\(index)")) }
                try await store.markRead(uid: "reader", in: channel, upTo: 2)
            }
            let neighbourBefore = try await channelState(store, neighbour)
            let neighbourMessages = try await allMessages(store, neighbour)

            #expect(try await store.deleteChannel(room))
            #expect(try await !store.deleteChannel(room))
            #expect(try await !store.deleteChannel(group("never-existed")))
            #expect(try await allMessages(store, room).isEmpty)
            #expect(try await store.lastSeq(of: room) == 0)
            #expect(try await store.messages(in: room, matching: MessageSelector(seqs: [1, 2])).isEmpty)
            for uid in ["m", "n", "reader"] {
                #expect(try await store.conversation(of: uid, in: room) == nil)
                #expect(try await store.conversations(of: uid, limit: 10).map(\.channel) == [neighbour])
            }
            #expect(try await store.loadChannels().map(\.key) == [neighbour])
            #expect(try await channelState(store, neighbour) == neighbourBefore)
            #expect(try await allMessages(store, neighbour) == neighbourMessages)

            // A store that cached the channel's row or seq must have forgotten both, and its
            // client_msg_nos.
            let fresh = try await store.append(request(room, clientMsgNo: "c0"))
            #expect(fresh.kind == "stored")
            #expect(fresh.message.seq == 1)
            #expect(try await store.messages(in: room, matching: MessageSelector(seqs: [1])) == [fresh.message])
            #expect(try await channelState(store, room) == nil)
            #expect(try await store.append(request(neighbour)).message.seq == 6)
        }
    }
}
