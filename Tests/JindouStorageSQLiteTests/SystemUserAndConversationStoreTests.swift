import Foundation
import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

/// System uids, conversation cursors and channel deletion in the SQLite backend.
@Suite("System uids, conversations, channel deletion")
struct SystemUserAndConversationStoreTests {
    @Test("removal is all or nothing and the list survives reopening")
    func systemUIDs() async throws {
        try await withTemporaryDirectory { directory throws in
            try await withStore(in: directory) { storage throws in
                try await storage.addSystemUIDs(["b", "a", "c"])
                #expect(try await storage.removeSystemUIDs(["a", "x", "y"]) == .notSystemUsers(["x", "y"]))
                #expect(try await storage.systemUIDs() == ["a", "b", "c"])
                #expect(try await storage.removeSystemUIDs(["a", "c"]) == .removed)
            }
            try await withStore(in: directory) { storage throws in
                #expect(try await storage.systemUIDs() == ["b"])
            }
        }
    }

    @Test("read cursors only move forward; hiding marks read; subscribers get conversations at the last seq")
    func cursors() async throws {
        try await withTemporaryStore { storage throws in
            let room = group("room")
            for _ in 0..<3 { _ = try await storage.append(request(room)) }
            try await storage.addMembers(["u1", "u2"], to: .subscribers, of: room)
            #expect(try await storage.conversation(of: "u1", in: room)?.readSeq == 3)
            _ = try await storage.append(request(room))
            try await storage.markRead(uid: "u1", in: room, upTo: 2)
            #expect(try await storage.conversation(of: "u1", in: room)?.readSeq == 3)
            try await storage.markRead(uid: "u1", in: room, upTo: 4)
            #expect(try await storage.conversation(of: "u1", in: room)?.readSeq == 4)
            #expect(try await storage.hideConversation(uid: "u2", in: room))
            let hidden = try await storage.conversation(of: "u2", in: room)
            #expect(hidden?.deletedSeq == 4)
            #expect(hidden?.readSeq == 4)
            #expect(try await !storage.hideConversation(uid: "nobody", in: room))
            try await storage.removeMembers(["u1"], from: .subscribers, of: room)
            #expect(try await storage.conversation(of: "u1", in: room) == nil)
            #expect(try await storage.conversations(of: "u2", limit: 10).map(\.channel) == [room])
        }
    }

    @Test("a person channel's first message gives both users a conversation")
    func personConversations() async throws {
        try await withTemporaryStore { storage throws in
            let channel = ChannelKey(id: PersonChannel.id(between: "ann", and: "ben"), type: .person)
            _ = try await storage.append(request(channel, from: "ann"))
            for uid in ["ann", "ben"] {
                #expect(try await storage.conversations(of: uid, limit: 10).map(\.channel) == [channel])
            }
            #expect(try await storage.lastSeq(sentBy: "ann", in: channel, above: 0) == 1)
            #expect(try await storage.lastSeq(sentBy: "ben", in: channel, above: 0) == 0)
        }
    }

    @Test("deleting a channel removes its rows; a re-created channel starts a fresh log")
    func deleteChannel() async throws {
        try await withTemporaryStore { storage throws in
            let room = group("gone")
            try await storage.addMembers(["m"], to: .subscribers, of: room)
            for index in 0..<5 { _ = try await storage.append(request(room, clientMsgNo: "c\(index)")) }
            #expect(try await storage.deleteChannel(room))
            #expect(try await !storage.deleteChannel(room))
            #expect(try await storage.messages(in: room, MessageQuery(limit: 10, newestFirst: false)).isEmpty)
            #expect(try await storage.conversation(of: "m", in: room) == nil)
            #expect(try await storage.loadChannels().contains { $0.key == room } == false)
            // The writer had the channel's row id and seq cached: both must be forgotten.
            let fresh = try await storage.append(request(room, clientMsgNo: "c0"))
            #expect(fresh.message.seq == 1)
            #expect(!fresh.isDuplicate)
            #expect(try await storage.messages(in: room, matching: MessageSelector(seqs: [1])).count == 1)
        }
    }
}
