import JindouCore
import JindouStorage
import JindouStorageSQLite
import JindouTestSupport
import Testing

@Suite("Appends: client_msg_no deduplication")
struct DeduplicationTests {
    @Test("a repeated append with the same payload returns the original and stores nothing")
    func duplicate() async throws {
        try await withTemporaryStore { storage throws in
            let original = try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [1, 2, 3]))
            _ = try await storage.append(request(group("d"), clientMsgNo: "c2"))
            let repeated = try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [1, 2, 3]))
            #expect(original.isStored)
            #expect(repeated.isDuplicate)
            #expect(repeated.message == original.message)
            #expect(try await storage.lastSeq(of: group("d")) == 2)
            #expect(try await storage.messages(in: group("d"), MessageQuery(limit: 10, newestFirst: false)).count == 2)
        }
    }

    @Test("the same client_msg_no with another payload is a conflict carrying the original")
    func conflict() async throws {
        try await withTemporaryStore { storage throws in
            let original = try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [1]))
            let other = try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [2]))
            #expect(other.isConflict)
            #expect(other.message == original.message)
            #expect(other.message.payload == [1])
            #expect(try await storage.lastSeq(of: group("d")) == 1)
        }
    }

    @Test("the same client_msg_no from another uid, or in another channel, is a new message")
    func scopedByUIDAndChannel() async throws {
        try await withTemporaryStore { storage throws in
            let first = try await storage.append(request(group("d"), from: "alice", clientMsgNo: "c1"))
            let otherUser = try await storage.append(request(group("d"), from: "bob", clientMsgNo: "c1"))
            let otherChannel = try await storage.append(request(group("e"), from: "alice", clientMsgNo: "c1"))
            #expect(first.isStored && otherUser.isStored && otherChannel.isStored)
            #expect(otherUser.message.seq == 2)
            #expect(otherChannel.message.seq == 1)
            // And each is found again as its own duplicate.
            let again = try await storage.append(request(group("d"), from: "bob", clientMsgNo: "c1"))
            #expect(again.isDuplicate)
            #expect(again.message == otherUser.message)
        }
    }

    @Test("an empty client_msg_no never deduplicates")
    func emptyClientMsgNo() async throws {
        try await withTemporaryStore { storage throws in
            let first = try await storage.append(request(group("d"), clientMsgNo: ""))
            let second = try await storage.append(request(group("d"), clientMsgNo: ""))
            #expect(first.isStored && second.isStored)
            #expect(second.message.seq == 2)
        }
    }

    @Test("identical appends submitted together (one batch) store one message")
    func duplicatesInsideOneBatch() async throws {
        try await withTemporaryStore { storage throws in
            // Two fresh channels; every key is submitted twice (identical) and a third time with
            // another payload, all without waiting, so most copies share a batch with their original.
            var requests: [AppendRequest] = []
            for index in 0..<500 {
                let channel = group("burst\(index % 2)")
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256)]))
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256)]))
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256), 9]))
            }
            let (results, _) = await appendWithoutWaiting(requests, to: storage)
            let outcomes = try results.map { try $0.get() }
            for index in 0..<500 {
                let (original, copy, changed) = (outcomes[3 * index], outcomes[3 * index + 1], outcomes[3 * index + 2])
                #expect(original.isStored)
                #expect(copy.isDuplicate)
                #expect(changed.isConflict)
                #expect(copy.message == original.message)
                #expect(changed.message == original.message)
            }
            #expect(try await storage.lastSeq(of: group("burst0")) == 250)
            #expect(try await storage.lastSeq(of: group("burst1")) == 250)
            #expect(storage.statistics.storedMessages == 500)
            #expect(storage.statistics.duplicates == 1_000)
            #expect(storage.statistics.largestBatch > 1)
        }
    }

    @Test("duplicates are still found after a reopen")
    func duplicateAfterReopen() async throws {
        try await withTemporaryDirectory { directory throws in
            let original = try await withStore(in: directory) { storage throws in
                try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [7])).message
            }
            try await withStore(in: directory) { storage throws in
                let again = try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [7]))
                #expect(again.isDuplicate)
                #expect(again.message == original)
                let changed = try await storage.append(request(group("d"), clientMsgNo: "c1", payload: [8]))
                #expect(changed.isConflict)
                #expect(try await storage.lastSeq(of: group("d")) == 1)
            }
        }
    }
}
