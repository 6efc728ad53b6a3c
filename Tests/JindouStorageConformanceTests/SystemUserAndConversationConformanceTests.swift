import JindouCore
import JindouStorage
import JindouTestSupport
import Testing

/// System uids and users' conversation cursors.
@Suite("System uid and conversation store conformance")
struct SystemUserAndConversationConformanceTests {
    @Test(
        "system uids: adding is idempotent, listing sorted, removal all or nothing, audit only when changed",
        arguments: Backend.allCases)
    func systemUIDs(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.systemUIDs().isEmpty)
            try await store.addSystemUIDs(["b", "a", "c"], audit: auditEntry(.systemUIDsAdd, uids: ["b", "a", "c"]))
            try await store.addSystemUIDs(["a"])
            #expect(try await store.systemUIDs() == ["a", "b", "c"])
            let refused = try await store.removeSystemUIDs(
                ["a", "x", "y"], audit: auditEntry(.systemUIDsRemove, reason: "refused"))
            #expect(refused == .notSystemUsers(["x", "y"]))
            #expect(try await store.systemUIDs() == ["a", "b", "c"])
            let removed = try await store.removeSystemUIDs(
                ["a", "c"], audit: auditEntry(.systemUIDsRemove, reason: "removed"))
            #expect(removed == .removed)
            #expect(try await store.systemUIDs() == ["b"])
            let audit = try await store.auditEntries(AuditQuery())
            #expect(audit.map(\.action) == [.systemUIDsRemove, .systemUIDsAdd])
            #expect(audit.first?.reason == "removed")
        }
    }

    @Test(
        "read cursors only move forward and create the conversation; creating keeps existing ones",
        arguments: Backend.allCases)
    func readCursors(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            for _ in 0..<4 { _ = try await store.append(request(room)) }
            try await store.markRead(uid: "u1", in: room, upTo: 3)
            #expect(try await store.conversation(of: "u1", in: room)?.readSeq == 3)
            try await store.markRead(uid: "u1", in: room, upTo: 2)
            #expect(try await store.conversation(of: "u1", in: room)?.readSeq == 3)
            try await store.markRead(uid: "u1", in: room, upTo: 4)
            let record = try #require(try await store.conversation(of: "u1", in: room))
            #expect(record.uid == "u1")
            #expect(record.channel == room)
            #expect(record.readSeq == 4)
            #expect(record.deletedSeq == 0)
            // Marking a channel that has no row yet creates it.
            try await store.markRead(uid: "u1", in: group("fresh"), upTo: 0)
            #expect(try await store.conversation(of: "u1", in: group("fresh"))?.readSeq == 0)

            try await store.createConversations(for: ["u1", "u2"], in: room)
            #expect(try await store.conversation(of: "u1", in: room) == record)
            #expect(try await store.conversation(of: "u2", in: room)?.readSeq == 4)
            try await store.createConversations(for: ["u3"], in: group("empty"))
            #expect(try await store.conversation(of: "u3", in: group("empty"))?.readSeq == 0)

            try await store.deleteConversations(for: ["u2", "nobody"], in: room)
            #expect(try await store.conversation(of: "u2", in: room) == nil)
            #expect(try await store.conversation(of: "u1", in: room) == record)
            try await store.deleteConversations(for: ["u1"], in: group("unknown"))
            #expect(try await store.conversation(of: "u1", in: group("unknown")) == nil)
        }
    }

    @Test("hiding a conversation marks it deleted and read at the last seq", arguments: Backend.allCases)
    func hide(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            try await store.addMembers(["u1", "u2"], to: .subscribers, of: room)
            for _ in 0..<4 { _ = try await store.append(request(room)) }
            try await store.markRead(uid: "u1", in: room, upTo: 1)
            #expect(try await store.hideConversation(uid: "u1", in: room))
            let hidden = try #require(try await store.conversation(of: "u1", in: room))
            #expect(hidden.deletedSeq == 4)
            #expect(hidden.readSeq == 4)
            #expect(try await store.conversation(of: "u2", in: room)?.deletedSeq == 0)
            #expect(try await !store.hideConversation(uid: "nobody", in: room))
            #expect(try await !store.hideConversation(uid: "u1", in: group("unknown")))
            #expect(try await store.conversation(of: "nobody", in: room) == nil)
            // Still listed: hiding is a cursor, the conversation stays.
            #expect(try await store.conversations(of: "u1", limit: 10).map(\.channel) == [room])
        }
    }

    @Test("a user's conversations come most recently updated first, at most the limit", arguments: Backend.allCases)
    func listing(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            for name in ["a", "b", "c"] {
                _ = try await store.append(request(group(name)))
                try await store.markRead(uid: "u", in: group(name), upTo: 1)
                try await Task.sleep(for: .milliseconds(3))
            }
            #expect(try await store.conversations(of: "u", limit: 10).map(\.channel.id) == ["c", "b", "a"])
            _ = try await store.append(request(group("a")))
            try await store.markRead(uid: "u", in: group("a"), upTo: 2)
            let listed = try await store.conversations(of: "u", limit: 2)
            #expect(listed.map(\.channel.id) == ["a", "c"])
            #expect(listed.first?.readSeq == 2)
            #expect(listed.allSatisfy { $0.uid == "u" })
            #expect(zip(listed, listed.dropFirst()).allSatisfy { $0.updatedAt >= $1.updatedAt })
            #expect(try await store.conversations(of: "nobody", limit: 10).isEmpty)
        }
    }

    @Test(
        "a person channel's first message gives both users a conversation; the recipient has read nothing",
        arguments: Backend.allCases)
    func personConversations(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let channel = person("ann", "ben")
            _ = try await store.append(request(channel, from: "ann"))
            for uid in ["ann", "ben"] {
                #expect(try await store.conversations(of: uid, limit: 10).map(\.channel) == [channel], "\(uid)")
            }
            #expect(try await store.conversation(of: "ben", in: channel)?.readSeq == 0)
            _ = try await store.append(request(channel, from: "ben"))
            for uid in ["ann", "ben"] {
                #expect(try await store.conversations(of: uid, limit: 10).count == 1, "\(uid)")
            }
            #expect(try await store.lastSeq(sentBy: "ann", in: channel, above: 0) == 1)
            #expect(try await store.lastSeq(sentBy: "ben", in: channel, above: 0) == 2)
            // Also when the first message shares a batch with others, and not for group channels.
            let (results, _) = await appendWithoutWaiting(
                [
                    request(person("cat", "dan"), from: "dan"), request(person("cat", "dan"), from: "cat"),
                    request(group("g"), from: "cat"),
                ], to: store)
            #expect(try results.map { try $0.get().message.seq } == [1, 2, 1])
            for uid in ["cat", "dan"] {
                #expect(try await store.conversations(of: uid, limit: 10).map(\.channel) == [person("cat", "dan")])
            }
        }
    }
}
