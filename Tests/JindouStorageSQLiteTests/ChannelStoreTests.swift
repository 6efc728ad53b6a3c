import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

@Suite("Channels and member lists")
struct ChannelStoreTests {
    private func state(_ storage: SQLiteStorage, _ channel: ChannelKey) async throws -> ChannelState? {
        try await storage.loadChannels().first { $0.key == channel }
    }

    @Test("info and the three lists round-trip through loadChannels")
    func roundTrip() async throws {
        try await withTemporaryStore { storage throws in
            let channel = group("team")
            let info = ChannelInfo(ban: true, disband: false, sendBan: true, large: true, allowStranger: false)
            try await storage.saveChannelInfo(info, for: channel)
            try await storage.addMembers(["a", "b", "c"], to: .subscribers, of: channel)
            try await storage.addMembers(["a"], to: .allowlist, of: channel)
            try await storage.addMembers(["x", "y"], to: .denylist, of: channel)

            let loaded = try #require(try await state(storage, channel))
            #expect(
                loaded
                    == ChannelState(
                        key: channel, info: info, subscribers: ["a", "b", "c"], allowlist: ["a"], denylist: ["x", "y"]))
        }
    }

    @Test("saving info again overwrites the flags; adding members creates the channel")
    func updates() async throws {
        try await withTemporaryStore { storage throws in
            let channel = ChannelKey(id: "p1@p2", type: .person)
            try await storage.addMembers(["p1", "p1", "p2"], to: .subscribers, of: channel)
            var loaded = try #require(try await state(storage, channel))
            #expect(loaded.info == ChannelInfo())
            #expect(loaded.subscribers == ["p1", "p2"])

            try await storage.saveChannelInfo(ChannelInfo(ban: true), for: channel)
            try await storage.saveChannelInfo(ChannelInfo(allowStranger: true), for: channel)
            loaded = try #require(try await state(storage, channel))
            #expect(loaded.info == ChannelInfo(allowStranger: true))
            #expect(loaded.subscribers == ["p1", "p2"])
            // Adding is idempotent.
            try await storage.addMembers(["p2"], to: .subscribers, of: channel)
            #expect(try await state(storage, channel)?.subscribers == ["p1", "p2"])
        }
    }

    @Test("remove drops only the given uids of one list; unknown uids and channels are ignored")
    func remove() async throws {
        try await withTemporaryStore { storage throws in
            let channel = group("g")
            try await storage.addMembers(["a", "b", "c"], to: .subscribers, of: channel)
            try await storage.addMembers(["a", "b"], to: .denylist, of: channel)
            try await storage.removeMembers(["b", "zzz"], from: .subscribers, of: channel)
            let loaded = try #require(try await state(storage, channel))
            #expect(loaded.subscribers == ["a", "c"])
            #expect(loaded.denylist == ["a", "b"])
            try await storage.removeMembers(["a"], from: .subscribers, of: group("unknown"))
            #expect(try await state(storage, group("unknown")) == nil)
        }
    }

    @Test("replace swaps a whole list; an empty array clears it")
    func replace() async throws {
        try await withTemporaryStore { storage throws in
            let channel = group("g")
            try await storage.addMembers(["a", "b", "c"], to: .subscribers, of: channel)
            try await storage.addMembers(["d"], to: .allowlist, of: channel)
            try await storage.replaceMembers(["c", "e"], in: .subscribers, of: channel)
            var loaded = try #require(try await state(storage, channel))
            #expect(loaded.subscribers == ["c", "e"])
            #expect(loaded.allowlist == ["d"])
            try await storage.replaceMembers([], in: .allowlist, of: channel)
            loaded = try #require(try await state(storage, channel))
            #expect(loaded.allowlist.isEmpty)
            #expect(loaded.subscribers == ["c", "e"])
            // Replace also creates the channel.
            try await storage.replaceMembers(["z"], in: .denylist, of: group("new"))
            #expect(try await state(storage, group("new"))?.denylist == ["z"])
        }
    }

    @Test("channels that only received messages are not loaded until configured")
    func messageOnlyChannels() async throws {
        try await withTemporaryStore { storage throws in
            _ = try await storage.append(request(group("chatty")))
            #expect(try await state(storage, group("chatty")) == nil)
            try await storage.saveChannelInfo(ChannelInfo(large: true), for: group("chatty"))
            #expect(try await state(storage, group("chatty"))?.info == ChannelInfo(large: true))
            // Configuring the channel does not disturb its log.
            #expect(try await storage.append(request(group("chatty"))).message.seq == 2)
        }
    }

    @Test("channels persist across a reopen, in creation order")
    func persistence() async throws {
        try await withTemporaryDirectory { directory throws in
            try await withStore(in: directory) { storage throws in
                try await storage.saveChannelInfo(ChannelInfo(disband: true), for: group("one"))
                try await storage.addMembers(["u1", "u2"], to: .subscribers, of: group("two"))
                try await storage.saveChannelInfo(ChannelInfo(), for: ChannelKey(id: "one", type: .community))
            }
            try await withStore(in: directory) { storage throws in
                let channels = try await storage.loadChannels()
                #expect(channels.map(\.key) == [group("one"), group("two"), ChannelKey(id: "one", type: .community)])
                #expect(channels[0].info == ChannelInfo(disband: true))
                #expect(channels[1].subscribers == ["u1", "u2"])
            }
        }
    }
}
