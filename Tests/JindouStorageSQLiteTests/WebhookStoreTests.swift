import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

@Suite("Webhook store: the message log as outbox, watermarks, dead letters")
struct WebhookStoreTests {
    @Test("messages come back in commit order across channels, after any id, with their channels")
    func committedAfter() async throws {
        try await withTemporaryStore { storage throws in
            var stored: [StoredMessage] = []
            for index in 0..<30 {
                let channel = index % 3 == 0 ? ChannelKey(id: "alice@bob", type: .person) : group("g\(index % 3)")
                stored.append(try await storage.append(request(channel, payload: [UInt8(index)])).message)
            }
            #expect(try await storage.lastMessageID() == stored.last?.messageID)
            let all = try await storage.messagesCommitted(after: 0, limit: 100)
            #expect(all == stored)
            #expect(all.map(\.messageID) == all.map(\.messageID).sorted())
            let page = try await storage.messagesCommitted(after: stored[9].messageID, limit: 5)
            #expect(page == Array(stored[10..<15]))
            #expect(try await storage.messageCount(after: stored[9].messageID) == 20)
            #expect(try await storage.messagesCommitted(after: stored[29].messageID, limit: 5).isEmpty)
        }
    }

    @Test("a watermark survives a reopen and never moves backwards")
    func watermark() async throws {
        try await withTemporaryDirectory { directory throws in
            try await withStore(in: directory) { storage throws in
                #expect(try await storage.webhookWatermark(stream: "msg.notify") == nil)
                try await storage.setWebhookWatermark(stream: "msg.notify", messageID: 42)
                try await storage.setWebhookWatermark(stream: "msg.notify", messageID: 7)
                #expect(try await storage.webhookWatermark(stream: "msg.notify") == 42)
            }
            try await withStore(in: directory) { storage throws in
                #expect(try await storage.webhookWatermark(stream: "msg.notify") == 42)
                #expect(try await storage.webhookWatermark(stream: "other") == nil)
            }
        }
    }

    @Test("dead letters are kept with their body and event id, listed by event, counted and removed")
    func deadLetters() async throws {
        try await withTemporaryStore { storage throws in
            func letter(_ event: String, _ id: String) -> DeadLetter {
                DeadLetter(
                    event: event, eventID: id, body: Array("[\"\(id)\"]".utf8), itemCount: 1, firstAttemptAt: 1,
                    deadAt: 2, attempts: 3, lastError: "HTTP 500")
            }
            try await storage.addDeadLetters([letter("msg.notify", "a"), letter("msg.offline", "b")])
            try await storage.addDeadLetters([letter("msg.notify", "c")])
            try await storage.addDeadLetters([])
            let ids = try await storage.deadLetters(event: nil, after: 0, limit: 10).map(\.id)
            try #require(ids.count == 3)
            let (first, second, third) = (ids[0], ids[1], ids[2])
            #expect(try await storage.deadLetterCounts() == ["msg.notify": 2, "msg.offline": 1])
            let notify = try await storage.deadLetters(event: "msg.notify", after: 0, limit: 10)
            #expect(notify.map(\.id) == [first, third])
            #expect(notify.first.map { [$0.eventID, String(decoding: $0.body, as: UTF8.self)] } == ["a", "[\"a\"]"])
            #expect(try await storage.deadLetters(event: nil, after: first, limit: 10).map(\.id) == [second, third])
            try await storage.removeDeadLetter(id: first)
            try await storage.removeDeadLetter(id: first)
            #expect(try await storage.deadLetterCounts() == ["msg.notify": 1, "msg.offline": 1])
        }
    }
}
