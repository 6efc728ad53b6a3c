import JindouCore
import JindouStorage
import JindouTestSupport
import Testing

/// The webhooks' durable state: the message log read as an outbox in commit order, stream
/// watermarks and dead letters.
@Suite("Webhook store conformance")
struct WebhookStoreConformanceTests {
    @Test(
        "messages come back in commit order across channels, after any id, with their channels",
        arguments: Backend.allCases)
    func committedAfter(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.lastMessageID() == 0)
            #expect(try await store.messagesCommitted(after: 0, limit: 10).isEmpty)
            var stored: [StoredMessage] = []
            for index in 0..<30 {
                let channel = index % 3 == 0 ? person("alice", "bob") : group("g\(index % 3)")
                stored.append(try await store.append(request(channel, payload: [UInt8(index)])).message)
            }
            #expect(try await store.lastMessageID() == stored.last?.messageID)
            let all = try await store.messagesCommitted(after: 0, limit: 100)
            #expect(all == stored)
            #expect(all.map(\.messageID) == all.map(\.messageID).sorted())
            let page = try await store.messagesCommitted(after: stored[9].messageID, limit: 5)
            #expect(page == Array(stored[10..<15]))
            #expect(try await store.messageCount(after: stored[9].messageID) == 20)
            #expect(try await store.messageCount(after: 0) == 30)
            #expect(try await store.messagesCommitted(after: stored[29].messageID, limit: 5).isEmpty)
            #expect(try await store.messagesCommitted(after: 0, limit: 0).isEmpty)
            #expect(try await store.messageCount(after: stored[29].messageID) == 0)
        }
    }

    @Test(
        "concurrent appends are read back in commit order, with nothing missed between pages",
        arguments: Backend.allCases)
    func commitOrderUnderLoad(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let requests = (0..<300).map { request(group("c\($0 % 7)"), clientMsgNo: "m\($0)") }
            let (results, _) = await appendWithoutWaiting(requests, to: store)
            let ids = try results.map { try $0.get().message.messageID }
            var read: [StoredMessage] = []
            var watermark: Int64 = 0
            while true {
                let page = try await store.messagesCommitted(after: watermark, limit: 37)
                guard let last = page.last else { break }
                read += page
                watermark = last.messageID
            }
            #expect(read.map(\.messageID) == ids.sorted())
            #expect(Set(read.map(\.clientMsgNo)).count == 300)
        }
    }

    @Test("a watermark is per stream and never moves backwards", arguments: Backend.allCases)
    func watermark(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.webhookWatermark(stream: "msg.notify") == nil)
            try await store.setWebhookWatermark(stream: "msg.notify", messageID: 42)
            try await store.setWebhookWatermark(stream: "msg.notify", messageID: 7)
            #expect(try await store.webhookWatermark(stream: "msg.notify") == 42)
            try await store.setWebhookWatermark(stream: "msg.notify", messageID: 43)
            #expect(try await store.webhookWatermark(stream: "msg.notify") == 43)
            #expect(try await store.webhookWatermark(stream: "other") == nil)
            try await store.setWebhookWatermark(stream: "other", messageID: 1)
            #expect(try await store.webhookWatermark(stream: "other") == 1)
            #expect(try await store.webhookWatermark(stream: "msg.notify") == 43)
        }
    }

    @Test(
        "dead letters keep every field, are listed by event and page, counted and removed",
        arguments: Backend.allCases)
    func deadLetters(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            func letter(_ event: String, _ id: String) -> DeadLetter {
                DeadLetter(
                    event: event, eventID: id, body: Array("[\"\(id)\"]".utf8) + [0, 255], itemCount: 3,
                    firstAttemptAt: 1_700_000_000_001, deadAt: 1_700_000_360_002, attempts: 17,
                    lastError: "HTTP 500: \"nope\"")
            }
            #expect(try await store.deadLetterCounts().isEmpty)
            try await store.addDeadLetters([letter("msg.notify", "a"), letter("msg.offline", "b")])
            try await store.addDeadLetters([letter("msg.notify", "c")])
            try await store.addDeadLetters([])
            let all = try await store.deadLetters(event: nil, after: 0, limit: 10)
            try #require(all.count == 3)
            let (first, second, third) = (all[0].id, all[1].id, all[2].id)
            #expect(first > 0 && first < second && second < third)
            var expected = letter("msg.notify", "a")
            expected.id = first
            #expect(all[0] == expected)
            #expect(all.map(\.eventID) == ["a", "b", "c"])
            #expect(try await store.deadLetterCounts() == ["msg.notify": 2, "msg.offline": 1])
            let notify = try await store.deadLetters(event: "msg.notify", after: 0, limit: 10)
            #expect(notify.map(\.id) == [first, third])
            #expect(try await store.deadLetters(event: "msg.notify", after: first, limit: 10).map(\.id) == [third])
            #expect(try await store.deadLetters(event: nil, after: first, limit: 10).map(\.id) == [second, third])
            #expect(try await store.deadLetters(event: nil, after: 0, limit: 2).map(\.id) == [first, second])
            #expect(try await store.deadLetters(event: "none", after: 0, limit: 10).isEmpty)
            try await store.removeDeadLetter(id: first)
            try await store.removeDeadLetter(id: first)
            #expect(try await store.deadLetterCounts() == ["msg.notify": 1, "msg.offline": 1])
            #expect(try await store.deadLetters(event: nil, after: 0, limit: 10).map(\.id) == [second, third])
        }
    }
}
