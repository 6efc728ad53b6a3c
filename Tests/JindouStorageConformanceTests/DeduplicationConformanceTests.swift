import JindouCore
import JindouStorage
import JindouTestSupport
import Testing

/// Idempotent appends: a (channel, from uid, client_msg_no) is stored once, within one batch,
/// across batches and across a restart.
@Suite("Message store conformance: client_msg_no deduplication")
struct DeduplicationConformanceTests {
    @Test(
        "across batches: the same payload is a duplicate, another payload a conflict; both carry the original",
        arguments: Backend.allCases)
    func acrossBatches(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let original = try await store.append(request(group("d"), clientMsgNo: "c1", payload: [1, 2, 3]))
            _ = try await store.append(request(group("d"), clientMsgNo: "c2"))
            let repeated = try await store.append(request(group("d"), clientMsgNo: "c1", payload: [1, 2, 3]))
            let changed = try await store.append(request(group("d"), clientMsgNo: "c1", payload: [9]))
            #expect(original.kind == "stored")
            #expect(repeated.kind == "duplicate")
            #expect(repeated.message == original.message)
            #expect(changed.kind == "conflict")
            #expect(changed.message == original.message)
            #expect(changed.message.payload == [1, 2, 3])
            #expect(try await store.lastSeq(of: group("d")) == 2)
            #expect(try await allMessages(store, group("d")).count == 2)
        }
    }

    @Test(
        "the same client_msg_no from another uid, or in another channel, is a new message", arguments: Backend.allCases)
    func scopedByUIDAndChannel(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let first = try await store.append(request(group("d"), from: "alice", clientMsgNo: "c1"))
            let otherUser = try await store.append(request(group("d"), from: "bob", clientMsgNo: "c1"))
            let otherChannel = try await store.append(request(group("e"), from: "alice", clientMsgNo: "c1"))
            #expect([first, otherUser, otherChannel].map(\.kind) == ["stored", "stored", "stored"])
            #expect(otherUser.message.seq == 2)
            #expect(otherChannel.message.seq == 1)
            // And each is found again as its own duplicate.
            let again = try await store.append(request(group("d"), from: "bob", clientMsgNo: "c1"))
            #expect(again.kind == "duplicate")
            #expect(again.message == otherUser.message)
            let againElsewhere = try await store.append(request(group("e"), from: "alice", clientMsgNo: "c1"))
            #expect(againElsewhere.kind == "duplicate")
            #expect(againElsewhere.message == otherChannel.message)
        }
    }

    @Test("an empty client_msg_no never deduplicates", arguments: Backend.allCases)
    func emptyClientMsgNo(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let first = try await store.append(request(group("d"), clientMsgNo: ""))
            let second = try await store.append(request(group("d"), clientMsgNo: ""))
            #expect(first.kind == "stored" && second.kind == "stored")
            #expect(second.message.seq == 2)
        }
    }

    @Test(
        "in one batch: the original, its duplicate, a conflict, another sender's and two without a key",
        arguments: Backend.allCases)
    func mixedBatch(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            let (results, _) = await appendWithoutWaiting(
                [
                    request(room, clientMsgNo: "c1", payload: [1]),
                    request(room, clientMsgNo: "c1", payload: [1]),
                    request(room, clientMsgNo: "c1", payload: [2]),
                    request(room, from: "bob", clientMsgNo: "c1", payload: [3]),
                    request(room, payload: [4]),
                    request(room, payload: [4]),
                ], to: store)
            let outcomes = try results.map { try $0.get() }
            #expect(outcomes.map(\.kind) == ["stored", "duplicate", "conflict", "stored", "stored", "stored"])
            #expect(outcomes[1].message == outcomes[0].message)
            #expect(outcomes[2].message == outcomes[0].message)
            #expect(outcomes.filter { $0.kind == "stored" }.map(\.message.seq) == [1, 2, 3, 4])
            #expect(try await allMessages(store, room).map(\.payload) == [[1], [3], [4], [4]])
        }
    }

    @Test("identical appends submitted together store one message each", arguments: Backend.allCases)
    func duplicatesInsideOneBatch(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            // Two fresh channels; every key is submitted twice (identical) and a third time with
            // another payload, all without waiting, so most copies share a batch with their original.
            var requests: [AppendRequest] = []
            for index in 0..<500 {
                let channel = group("burst\(index % 2)")
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256)]))
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256)]))
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256), 9]))
            }
            let (results, _) = await appendWithoutWaiting(requests, to: store)
            let outcomes = try results.map { try $0.get() }
            for index in 0..<500 {
                let (original, copy, changed) = (outcomes[3 * index], outcomes[3 * index + 1], outcomes[3 * index + 2])
                #expect(original.kind == "stored")
                #expect(copy.kind == "duplicate")
                #expect(changed.kind == "conflict")
                #expect(copy.message == original.message)
                #expect(changed.message == original.message)
            }
            for channel in [group("burst0"), group("burst1")] {
                #expect(try await store.lastSeq(of: channel) == 250)
                let stored = try await allMessages(store, channel)
                #expect(stored.map(\.seq) == Array(1...250))
                #expect(Set(stored.map(\.clientMsgNo)).count == 250)
            }
        }
    }

    @Test("duplicates and conflicts are still found after a restart", arguments: Backend.allCases)
    func duplicateAfterReopen(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            let original = try await store.append(request(group("d"), clientMsgNo: "c1", payload: [7])).message
            let reopened = try await reopener.reopen()
            let again = try await reopened.append(request(group("d"), clientMsgNo: "c1", payload: [7]))
            #expect(again.kind == "duplicate")
            #expect(again.message == original)
            let changed = try await reopened.append(request(group("d"), clientMsgNo: "c1", payload: [8]))
            #expect(changed.kind == "conflict")
            #expect(changed.message == original)
            #expect(try await reopened.lastSeq(of: group("d")) == 1)
        }
    }
}
