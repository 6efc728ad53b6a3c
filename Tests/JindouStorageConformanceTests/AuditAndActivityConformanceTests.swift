import JindouCore
import JindouStorage
import Testing

/// The append-only audit trail (its queries, the entries other stores write with their changes,
/// and immutability enforced by the database itself) and users' last activity.
@Suite("Audit and activity store conformance")
struct AuditAndActivityConformanceTests {
    @Test("entries get growing ids, round-trip every field and come back newest first", arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let first = AuditEntry(
                time: 1_700_000_000_123, actor: "ops-token", clientIP: "10.0.0.7", userAgent: "curl/8.0",
                action: .list(.denylist, "add"), uids: ["u2", "u1", "ü-3"], channelID: "room", channelType: 2,
                reason: "spam, \"quoted\"", before: #"{"denylist":[]}"#, after: #"{"denylist":["u1","u2"]}"#)
            let second = auditEntry(.connectionKick, time: 1_700_000_000_200, uids: ["u1"])
            try await store.appendAudit(first)
            try await store.appendAudit(second)
            let entries = try await store.auditEntries(AuditQuery())
            try #require(entries.count == 2)
            #expect(entries[0].id > entries[1].id)
            #expect(entries[1].id > 0)
            var expectedFirst = first
            expectedFirst.id = entries[1].id
            var expectedSecond = second
            expectedSecond.id = entries[0].id
            #expect(entries == [expectedSecond, expectedFirst])
        }
    }

    @Test(
        "queries filter by time, action, uid and channel, and page with a limit and a cursor",
        arguments: Backend.allCases)
    func queries(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            // Times 100…600, one entry each.
            let entries = [
                auditEntry(.userBan, time: 100, uids: ["a"]),
                auditEntry(.channelFlags, time: 200, channel: group("room")),
                auditEntry(.list(.allowlist, "add"), time: 300, uids: ["a", "b"], channel: group("room")),
                auditEntry(.userBan, time: 400, uids: ["b"]),
                auditEntry(.list(.allowlist, "add"), time: 500, uids: ["c"], channel: group("other")),
                auditEntry(.userUnban, time: 600, uids: ["a"]),
            ]
            for entry in entries { try await store.appendAudit(entry) }
            func times(_ query: AuditQuery) async throws -> [Int64] {
                try await store.auditEntries(query).map(\.time)
            }
            #expect(try await times(AuditQuery()) == [600, 500, 400, 300, 200, 100])
            #expect(try await times(AuditQuery(since: 200, until: 400)) == [400, 300, 200])
            #expect(try await times(AuditQuery(since: 450)) == [600, 500])
            #expect(try await times(AuditQuery(until: 100)) == [100])
            #expect(try await times(AuditQuery(action: .userBan)) == [400, 100])
            #expect(try await times(AuditQuery(uid: "a")) == [600, 300, 100])
            #expect(try await times(AuditQuery(uid: "nobody")).isEmpty)
            #expect(try await times(AuditQuery(channelID: "room")) == [300, 200])
            #expect(try await times(AuditQuery(action: .list(.allowlist, "add"), uid: "b")) == [300])
            #expect(try await times(AuditQuery(limit: 2)) == [600, 500])
            #expect(try await times(AuditQuery(limit: 0)).isEmpty)
            // Paging: the next page starts below the last id of the previous one.
            let page1 = try await store.auditEntries(AuditQuery(uid: "a", limit: 2))
            #expect(page1.map(\.time) == [600, 300])
            let page2 = try await store.auditEntries(AuditQuery(uid: "a", limit: 2, cursor: page1.last?.id))
            #expect(page2.map(\.time) == [100])
            #expect(try await times(AuditQuery(uid: "a", limit: 2, cursor: page2.last?.id)).isEmpty)
        }
    }

    @Test("channel and device changes write the audit entry they are given", arguments: Backend.allCases)
    func entriesOfChanges(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            try await store.saveChannelInfo(
                ChannelInfo(ban: true), for: room, audit: auditEntry(.channelFlags, reason: "1"))
            try await store.addMembers(
                ["a"], to: .allowlist, of: room, audit: auditEntry(.list(.allowlist, "add"), reason: "2"))
            try await store.removeMembers(
                ["a"], from: .allowlist, of: room, audit: auditEntry(.list(.allowlist, "remove"), reason: "3"))
            try await store.replaceMembers(
                ["b"], in: .denylist, of: room, audit: auditEntry(.list(.denylist, "set"), reason: "4"))
            try await store.saveDeviceToken(DeviceToken(uid: "a", deviceFlag: .app, token: "t", level: .master))
            try await store.clearDeviceTokens(uid: "a", flags: nil, audit: auditEntry(.deviceQuit, reason: "5"))
            // Changes without an entry write none.
            try await store.saveChannelInfo(ChannelInfo(), for: room)
            try await store.addMembers(["c"], to: .subscribers, of: room)
            let entries = try await store.auditEntries(AuditQuery())
            #expect(entries.map(\.reason) == ["5", "4", "3", "2", "1"])
            #expect(
                entries.map(\.action) == [
                    .deviceQuit, .list(.denylist, "set"), .list(.allowlist, "remove"), .list(.allowlist, "add"),
                    .channelFlags,
                ])
        }
    }

    @Test(
        "the database itself refuses to update or delete audit entries (a raw UPDATE and DELETE fail)",
        arguments: Backend.allCases)
    func immutable(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            let database = reopener.database
            try await store.appendAudit(auditEntry(.userBan, uids: ["a"], reason: "original"))
            try await store.appendAudit(auditEntry(.userUnban, uids: ["a"], reason: "second"))
            let before = try await store.auditEntries(AuditQuery())
            // The raw connection reaches the store's database and can change other tables.
            #expect(try await database.integer("SELECT count(*) FROM audit_log") == 2)
            try await store.addSystemUIDs(["x"])
            try await database.execute("DELETE FROM system_uids WHERE uid = 'x'")
            #expect(try await store.systemUIDs().isEmpty)

            for statement in [
                "UPDATE audit_log SET reason = 'forged'",
                "UPDATE audit_log SET reason = 'forged' WHERE id = \(before[1].id)",
                "DELETE FROM audit_log",
                "DELETE FROM audit_log WHERE id = \(before[0].id)",
            ] {
                do {
                    try await database.execute(statement)
                    Issue.record("\(statement) succeeded")
                } catch let error as RawSQLError {
                    #expect(error.message.contains("append-only"), "\(statement): \(error.message)")
                }
            }
            #expect(try await database.integer("SELECT count(*) FROM audit_log") == 2)
            #expect(try await store.auditEntries(AuditQuery()) == before)
            // Appending still works.
            try await store.appendAudit(auditEntry(.userBan, reason: "third"))
            #expect(try await store.auditEntries(AuditQuery()).count == 3)
        }
    }

    @Test("last activity keeps the newest time per user", arguments: Backend.allCases)
    func activity(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.lastActivity(of: ["a"]).isEmpty)
            try await store.saveLastActivity([:])
            try await store.saveLastActivity(["a": 1_700_000_000_100, "b": 1_700_000_000_200])
            try await store.saveLastActivity(["a": 1_700_000_000_050, "b": 1_700_000_000_300, "c": 5])
            #expect(
                try await store.lastActivity(of: ["a", "b", "c", "d"]) == [
                    "a": 1_700_000_000_100, "b": 1_700_000_000_300, "c": 5,
                ])
            #expect(try await store.lastActivity(of: []).isEmpty)
            #expect(try await store.lastActivity(of: ["b"]) == ["b": 1_700_000_000_300])
        }
    }
}
