import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

@Suite("Message queries")
struct MessageQueryTests {
    /// Appends 20 messages to "q" (and a few to a neighbour channel) and runs `body`.
    private func withTwentyMessages(_ body: (SQLiteStorage) async throws -> Void) async throws {
        try await withTemporaryStore { storage throws in
            for index in 1...20 {
                _ = try await storage.append(request(group("q"), payload: [UInt8(index)]))
                if index % 5 == 0 { _ = try await storage.append(request(group("other"))) }
            }
            try await body(storage)
        }
    }

    private func seqs(_ storage: SQLiteStorage, _ query: MessageQuery) async throws -> [UInt64] {
        try await storage.messages(in: group("q"), query).map(\.seq)
    }

    @Test("oldest first with a limit")
    func oldestFirst() async throws {
        try await withTwentyMessages { storage throws in
            #expect(try await seqs(storage, MessageQuery(limit: 5, newestFirst: false)) == [1, 2, 3, 4, 5])
            let all = try await storage.messages(in: group("q"), MessageQuery(limit: 100, newestFirst: false))
            #expect(all.map(\.seq) == Array(1...20))
            #expect(all.map(\.payload) == (1...20).map { [UInt8($0)] })
        }
    }

    @Test("newest first with a limit, still returned in ascending order")
    func newestFirst() async throws {
        try await withTwentyMessages { storage throws in
            #expect(try await seqs(storage, MessageQuery(limit: 5, newestFirst: true)) == [16, 17, 18, 19, 20])
            #expect(try await seqs(storage, MessageQuery(limit: 100, newestFirst: true)) == Array(1...20))
        }
    }

    @Test("bounded ranges are inclusive")
    func boundedRanges() async throws {
        try await withTwentyMessages { storage throws in
            #expect(
                try await seqs(storage, MessageQuery(fromSeq: 5, toSeq: 9, limit: 100, newestFirst: false)) == [
                    5, 6, 7, 8, 9,
                ])
            #expect(
                try await seqs(storage, MessageQuery(fromSeq: 5, toSeq: 9, limit: 2, newestFirst: false)) == [5, 6])
            #expect(try await seqs(storage, MessageQuery(fromSeq: 5, toSeq: 9, limit: 2, newestFirst: true)) == [8, 9])
            #expect(try await seqs(storage, MessageQuery(fromSeq: 7, toSeq: 7, limit: 10, newestFirst: false)) == [7])
            #expect(try await seqs(storage, MessageQuery(fromSeq: 18, limit: 10, newestFirst: false)) == [18, 19, 20])
            #expect(
                try await seqs(storage, MessageQuery(fromSeq: 0, toSeq: 2, limit: 10, newestFirst: true)) == [1, 2])
        }
    }

    @Test("empty results: beyond the end, inverted range, zero limit")
    func emptyResults() async throws {
        try await withTwentyMessages { storage throws in
            #expect(try await seqs(storage, MessageQuery(fromSeq: 21, limit: 10, newestFirst: false)).isEmpty)
            #expect(try await seqs(storage, MessageQuery(fromSeq: 9, toSeq: 5, limit: 10, newestFirst: false)).isEmpty)
            #expect(try await seqs(storage, MessageQuery(limit: 0, newestFirst: true)).isEmpty)
            #expect(
                try await seqs(storage, MessageQuery(fromSeq: .max, toSeq: .max, limit: 10, newestFirst: true)).isEmpty)
        }
    }

    @Test("an unknown or empty channel has no messages and last seq 0")
    func emptyChannel() async throws {
        try await withTemporaryStore { storage throws in
            #expect(
                try await storage.messages(in: group("nothing"), MessageQuery(limit: 10, newestFirst: true)).isEmpty)
            #expect(try await storage.lastSeq(of: group("nothing")) == 0)
            // A configured channel without messages.
            try await storage.saveChannelInfo(ChannelInfo(), for: group("configured"))
            #expect(
                try await storage.messages(in: group("configured"), MessageQuery(limit: 10, newestFirst: false)).isEmpty
            )
            #expect(try await storage.lastSeq(of: group("configured")) == 0)
        }
    }
}
