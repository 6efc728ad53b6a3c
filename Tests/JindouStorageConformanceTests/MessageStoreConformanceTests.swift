import JindouCore
import JindouStorage
import JindouTestSupport
import Testing

/// What every backend's message log must do: the behaviours the SQLite tests established, run on
/// every backend.
@Suite("Message store conformance")
struct MessageStoreConformanceTests {
    @Test("seqs are gap-free and in submission order per channel under concurrent appends", arguments: Backend.allCases)
    func seqOrder(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            var requests: [AppendRequest] = []
            for round in 0..<60 {
                for channel in 0..<10 {
                    requests.append(request(group("g\(channel)"), payload: Array("\(channel)-\(round)".utf8)))
                }
            }
            let (results, completionOrder) = await appendWithoutWaiting(requests, to: store)
            var seqs: [String: [UInt64]] = [:]
            var ids = Set<Int64>()
            for index in completionOrder {
                let message = try results[index].get().message
                seqs[message.channel.id, default: []].append(message.seq)
                ids.insert(message.messageID)
                // The payload names the round: seq n holds round n - 1.
                #expect(String(decoding: message.payload, as: UTF8.self).hasSuffix("-\(message.seq - 1)"))
            }
            #expect(ids.count == requests.count)
            for channel in 0..<10 {
                #expect(seqs["g\(channel)"] == Array(1...60), "channel g\(channel)")
                #expect(try await store.lastSeq(of: group("g\(channel)")) == 60)
            }
        }
    }

    @Test("a client_msg_no is deduplicated within one batch and across batches", arguments: Backend.allCases)
    func deduplication(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            // One batch: the original, its duplicate, a conflicting payload, another sender's.
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
            // A later batch.
            let again = try await store.append(request(room, clientMsgNo: "c1", payload: [1]))
            #expect(again.kind == "duplicate" && again.message == outcomes[0].message)
            let conflict = try await store.append(request(room, clientMsgNo: "c1", payload: [9]))
            #expect(conflict.kind == "conflict")
            #expect(try await store.lastSeq(of: room) == 4)
        }
    }

    @Test("ranges, newest first, selectors and a sender's last seq", arguments: Backend.allCases)
    func queries(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let room = group("room")
            var stored: [StoredMessage] = []
            for index in 1...20 {
                let outcome = try await store.append(
                    request(
                        room, from: index % 2 == 0 ? "bob" : "alice", clientMsgNo: "n\(index)", payload: [UInt8(index)])
                )
                stored.append(outcome.message)
            }
            #expect(
                try await store.messages(in: room, MessageQuery(limit: 5, newestFirst: false)) == Array(stored[0..<5]))
            #expect(
                try await store.messages(in: room, MessageQuery(limit: 5, newestFirst: true)) == Array(stored[15..<20]))
            #expect(
                try await store.messages(in: room, MessageQuery(fromSeq: 8, toSeq: 10, limit: 100, newestFirst: false))
                    == Array(stored[7..<10]))
            #expect(try await store.messages(in: room, MessageQuery(fromSeq: 30, limit: 5, newestFirst: false)).isEmpty)
            #expect(try await store.messages(in: group("nowhere"), MessageQuery(limit: 5, newestFirst: false)).isEmpty)
            let selected = try await store.messages(
                in: room,
                matching: MessageSelector(
                    seqs: [3, 1], messageIDs: [stored[9].messageID], clientMsgNos: ["n12", "n3", "missing"]))
            #expect(selected.map(\.seq) == [1, 3, 10, 12])
            #expect(try await store.lastSeq(sentBy: "alice", in: room, above: 0) == 19)
            #expect(try await store.lastSeq(sentBy: "bob", in: room, above: 20) == 0)
            #expect(try await store.lastSeq(of: group("nowhere")) == 0)
        }
    }

    @Test(
        "after a restart seqs continue and message ids keep growing; a closed store refuses appends",
        arguments: Backend.allCases)
    func reopen(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, reopener in
            let room = group("room")
            var last: StoredMessage?
            for _ in 0..<5 { last = try await store.append(request(room)).message }
            let reopened = try await reopener.reopen()
            let next = try await reopened.append(request(room)).message
            #expect(next.seq == 6)
            #expect(next.messageID > last!.messageID)
            #expect(reopened.nextMessageID() > next.messageID)
            await reopener.closeCurrent()
            do {
                _ = try await reopened.append(request(room))
                Issue.record("an append to a closed store succeeded")
            } catch let error as StorageError {
                #expect(error.code == .closed)
            }
        }
    }
}
