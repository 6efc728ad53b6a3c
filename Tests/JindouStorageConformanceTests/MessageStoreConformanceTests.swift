import JindouCore
import JindouStorage
import JindouTestSupport
import Testing

/// What every backend's message log must do on append: seqs, message ids, person channels and
/// the stored fields.
@Suite("Message store conformance: appends")
struct MessageStoreConformanceTests {
    @Test("the first message of a channel gets seq 1", arguments: Backend.allCases)
    func firstSeqIsOne(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let outcome = try await store.append(request(group("g1")))
            #expect(outcome.kind == "stored")
            #expect(outcome.message.seq == 1)
            #expect(outcome.message.channel == group("g1"))
            #expect(try await store.lastSeq(of: group("g1")) == 1)
        }
    }

    @Test(
        "seqs are gap-free, in submission order and completed in seq order per channel under concurrent appends",
        arguments: Backend.allCases)
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
                // Submission order is seq order: request i is round i / 10, stored at seq round + 1.
                #expect(message.seq == UInt64(index / 10 + 1))
                #expect(message.payload == requests[index].payload)
            }
            #expect(ids.count == requests.count)
            for channel in 0..<10 {
                // In completion order: completions of one channel run in seq order.
                #expect(seqs["g\(channel)"] == Array(1...60), "channel g\(channel)")
                #expect(try await store.lastSeq(of: group("g\(channel)")) == 60)
            }
        }
    }

    @Test(
        "seqs are gap-free and ids unique under 50 channels x 200 concurrent appends; ids grow with the seq",
        arguments: Backend.allCases)
    func concurrentAppendsAcrossChannels(_ backend: Backend) async throws {
        let channelCount = 50
        let perChannel = 200
        try await backend.withFreshStore { store, _ in
            let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { tasks in
                for index in 0..<(channelCount * perChannel) {
                    let channel = group("g\(index % channelCount)")
                    tasks.addTask {
                        try await store.append(request(channel, from: "u\(index)", clientMsgNo: "m\(index)"))
                    }
                }
                var outcomes: [AppendOutcome] = []
                for try await outcome in tasks { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.count == channelCount * perChannel)
            #expect(outcomes.allSatisfy { $0.kind == "stored" })
            let ids = outcomes.map(\.message.messageID)
            #expect(Set(ids).count == ids.count)

            let byChannel = Dictionary(grouping: outcomes.map(\.message), by: \.channel)
            #expect(byChannel.count == channelCount)
            for (channel, messages) in byChannel {
                let sorted = messages.sorted { $0.seq < $1.seq }
                #expect(sorted.map(\.seq) == Array(1...UInt64(perChannel)), "channel \(channel)")
                // Ids are taken in queue order, like seqs: within a channel they grow with the seq.
                #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.messageID < $1.messageID })
                #expect(try await store.lastSeq(of: channel) == UInt64(perChannel))
                #expect(try await allMessages(store, channel) == sorted)
            }
        }
    }

    @Test("ids grow across channels in append order", arguments: Backend.allCases)
    func idsIncrease(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            var previous: Int64 = 0
            for index in 0..<100 {
                let message = try await store.append(request(group("g\(index % 7)"))).message
                #expect(message.messageID > previous)
                previous = message.messageID
            }
            // NoPersist ids come from the same generator.
            let unstored = store.nextMessageID()
            #expect(unstored > previous)
            #expect(try await store.append(request(group("g0"))).message.messageID > unstored)
        }
    }

    @Test("person channels are stored under their internal X@Y id", arguments: Backend.allCases)
    func personChannel(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let channel = person("alice", "bob")
            let message = try await store.append(request(channel, from: "alice")).message
            #expect(message.channel == channel)
            #expect(try await allMessages(store, channel) == [message])
            #expect(try await allMessages(store, ChannelKey(id: channel.id, type: .group)).isEmpty)
        }
    }

    @Test("every field round-trips", arguments: Backend.allCases)
    func fieldsRoundTrip(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let appended = AppendRequest(
                channel: group("fields"), fromUID: "sender", clientMsgNo: "cmn-1", setting: [.receipt, .topic],
                flags: [.redDot, .syncOnce], expire: 3_600, topic: "news", payload: [0, 1, 2, 255, 0],
                timestamp: 1_234_567_890)
            let message = try await store.append(appended).message
            let stored = try #require(
                try await store.messages(in: group("fields"), MessageQuery(limit: 1, newestFirst: true)).first)
            #expect(stored == message)
            #expect(stored.fromUID == "sender")
            #expect(stored.clientMsgNo == "cmn-1")
            #expect(stored.setting == [.receipt, .topic])
            #expect(stored.flags == [.redDot, .syncOnce])
            #expect(stored.expire == 3_600)
            #expect(stored.topic == "news")
            #expect(stored.payload == [0, 1, 2, 255, 0])
            #expect(stored.timestamp == 1_234_567_890)
        }
    }

    @Test("an empty payload is stored", arguments: Backend.allCases)
    func emptyPayload(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            let message = try await store.append(request(group("empty"), payload: [])).message
            let stored = try await allMessages(store, group("empty"))
            #expect(stored == [message])
            #expect(stored.first?.payload == [])
        }
    }
}

/// Reading a channel's log: ranges, newest first, selectors and a sender's last seq.
@Suite("Message store conformance: queries")
struct MessageQueryConformanceTests {
    /// Appends 20 messages to "q" (alternately from alice and bob, with client_msg_nos n1…n20, and
    /// a few to a neighbour channel) and runs `body` with them.
    private func withTwentyMessages(
        _ backend: Backend, _ body: (any Storage, [StoredMessage]) async throws -> Void
    ) async throws {
        try await backend.withFreshStore { store, _ in
            var stored: [StoredMessage] = []
            for index in 1...20 {
                let from = index % 2 == 0 ? "bob" : "alice"
                stored.append(
                    try await store.append(
                        request(group("q"), from: from, clientMsgNo: "n\(index)", payload: [UInt8(index)])
                    ).message)
                if index % 5 == 0 { _ = try await store.append(request(group("other"), clientMsgNo: "n\(index)")) }
            }
            try await body(store, stored)
        }
    }

    private func seqs(_ store: any Storage, _ query: MessageQuery) async throws -> [UInt64] {
        try await store.messages(in: group("q"), query).map(\.seq)
    }

    @Test("oldest first with a limit", arguments: Backend.allCases)
    func oldestFirst(_ backend: Backend) async throws {
        try await withTwentyMessages(backend) { store, stored throws in
            #expect(try await seqs(store, MessageQuery(limit: 5, newestFirst: false)) == [1, 2, 3, 4, 5])
            let all = try await store.messages(in: group("q"), MessageQuery(limit: 100, newestFirst: false))
            #expect(all == stored)
            #expect(all.map(\.payload) == (1...20).map { [UInt8($0)] })
        }
    }

    @Test("newest first with a limit, still returned in ascending order", arguments: Backend.allCases)
    func newestFirst(_ backend: Backend) async throws {
        try await withTwentyMessages(backend) { store, stored throws in
            #expect(
                try await store.messages(in: group("q"), MessageQuery(limit: 5, newestFirst: true))
                    == Array(stored.suffix(5)))
            #expect(try await seqs(store, MessageQuery(limit: 100, newestFirst: true)) == Array(1...20))
        }
    }

    @Test("bounded ranges are inclusive", arguments: Backend.allCases)
    func boundedRanges(_ backend: Backend) async throws {
        try await withTwentyMessages(backend) { store, _ throws in
            #expect(
                try await seqs(store, MessageQuery(fromSeq: 5, toSeq: 9, limit: 100, newestFirst: false)) == [
                    5, 6, 7, 8, 9,
                ])
            #expect(try await seqs(store, MessageQuery(fromSeq: 5, toSeq: 9, limit: 2, newestFirst: false)) == [5, 6])
            #expect(try await seqs(store, MessageQuery(fromSeq: 5, toSeq: 9, limit: 2, newestFirst: true)) == [8, 9])
            #expect(try await seqs(store, MessageQuery(fromSeq: 7, toSeq: 7, limit: 10, newestFirst: false)) == [7])
            #expect(try await seqs(store, MessageQuery(fromSeq: 18, limit: 10, newestFirst: false)) == [18, 19, 20])
            #expect(try await seqs(store, MessageQuery(fromSeq: 0, toSeq: 2, limit: 10, newestFirst: true)) == [1, 2])
        }
    }

    @Test("empty results: beyond the end, inverted range, zero limit", arguments: Backend.allCases)
    func emptyResults(_ backend: Backend) async throws {
        try await withTwentyMessages(backend) { store, _ throws in
            #expect(try await seqs(store, MessageQuery(fromSeq: 21, limit: 10, newestFirst: false)).isEmpty)
            #expect(try await seqs(store, MessageQuery(fromSeq: 9, toSeq: 5, limit: 10, newestFirst: false)).isEmpty)
            #expect(try await seqs(store, MessageQuery(limit: 0, newestFirst: true)).isEmpty)
            #expect(
                try await seqs(store, MessageQuery(fromSeq: .max, toSeq: .max, limit: 10, newestFirst: true)).isEmpty)
        }
    }

    @Test("an unknown or empty channel has no messages and last seq 0", arguments: Backend.allCases)
    func emptyChannel(_ backend: Backend) async throws {
        try await backend.withFreshStore { store, _ in
            #expect(try await store.messages(in: group("nothing"), MessageQuery(limit: 10, newestFirst: true)).isEmpty)
            #expect(try await store.lastSeq(of: group("nothing")) == 0)
            #expect(try await store.messages(in: group("nothing"), matching: MessageSelector(seqs: [1])).isEmpty)
            // A configured channel without messages.
            try await store.saveChannelInfo(ChannelInfo(), for: group("configured"))
            #expect(try await allMessages(store, group("configured")).isEmpty)
            #expect(try await store.lastSeq(of: group("configured")) == 0)
        }
    }

    @Test(
        "selectors pick by seq, message id or client_msg_no, in seq order, in one channel", arguments: Backend.allCases)
    func selectors(_ backend: Backend) async throws {
        try await withTwentyMessages(backend) { store, stored throws in
            let selected = try await store.messages(
                in: group("q"),
                matching: MessageSelector(
                    seqs: [3, 1, 99], messageIDs: [stored[9].messageID], clientMsgNos: ["n12", "n3", "missing"]))
            #expect(selected == [stored[0], stored[2], stored[9], stored[11]])
            // "other" has n5, n10, n15 and n20 too, but not these message ids.
            let other = try await store.messages(
                in: group("other"), matching: MessageSelector(messageIDs: [stored[4].messageID], clientMsgNos: ["n5"]))
            #expect(other.map(\.seq) == [1])
            #expect(other.first?.channel == group("other"))
        }
    }

    @Test("a sender's last seq above a bound", arguments: Backend.allCases)
    func lastSeqOfSender(_ backend: Backend) async throws {
        try await withTwentyMessages(backend) { store, _ throws in
            #expect(try await store.lastSeq(sentBy: "alice", in: group("q"), above: 0) == 19)
            #expect(try await store.lastSeq(sentBy: "bob", in: group("q"), above: 5) == 20)
            #expect(try await store.lastSeq(sentBy: "bob", in: group("q"), above: 20) == 0)
            #expect(try await store.lastSeq(sentBy: "carol", in: group("q"), above: 0) == 0)
            #expect(try await store.lastSeq(sentBy: "alice", in: group("nowhere"), above: 0) == 0)
        }
    }
}
