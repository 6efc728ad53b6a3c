import JindouCore
import JindouStorage
import JindouStorageSQLite
import JindouTestSupport
import Synchronization
import Testing

@Suite("Appends: seqs and ids")
struct AppendTests {
    @Test("the first message of a channel gets seq 1")
    func firstSeqIsOne() async throws {
        try await withTemporaryStore { storage throws in
            let outcome = try await storage.append(request(group("g1")))
            #expect(outcome.isStored)
            #expect(outcome.message.seq == 1)
            #expect(outcome.message.channel == group("g1"))
            #expect(try await storage.lastSeq(of: group("g1")) == 1)
        }
    }

    @Test("seqs are gap-free per channel and ids unique under 50 channels x 200 concurrent appends")
    func concurrentAppendsAcrossChannels() async throws {
        let channelCount = 50
        let perChannel = 200
        try await withTemporaryStore { storage throws in
            let outcomes = try await withThrowingTaskGroup(of: AppendOutcome.self) { tasks in
                for index in 0..<(channelCount * perChannel) {
                    let channel = group("g\(index % channelCount)")
                    tasks.addTask {
                        try await storage.append(request(channel, from: "u\(index)", clientMsgNo: "m\(index)"))
                    }
                }
                var outcomes: [AppendOutcome] = []
                for try await outcome in tasks { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.count == channelCount * perChannel)
            let allStored = outcomes.allSatisfy { $0.isStored }
            #expect(allStored)
            let ids = outcomes.map(\.message.messageID)
            #expect(Set(ids).count == ids.count)

            let byChannel = Dictionary(grouping: outcomes.map(\.message), by: \.channel)
            #expect(byChannel.count == channelCount)
            for (channel, messages) in byChannel {
                let sorted = messages.sorted { $0.seq < $1.seq }
                #expect(sorted.map(\.seq) == Array(1...UInt64(perChannel)), "channel \(channel)")
                // Ids are taken in queue order, like seqs: within a channel they grow with the seq.
                #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.messageID < $1.messageID })
                #expect(try await storage.lastSeq(of: channel) == UInt64(perChannel))
                let stored = try await storage.messages(in: channel, MessageQuery(limit: 1_000, newestFirst: false))
                #expect(stored == sorted)
            }
            #expect(storage.statistics.storedMessages == channelCount * perChannel)
        }
    }

    @Test("per-channel seq order and completion order follow the append call order")
    func callOrderIsSeqOrder() async throws {
        try await withTemporaryStore { storage throws in
            let channels = (0..<5).map { group("order\($0)") }
            var requests: [AppendRequest] = []
            for round in 0..<300 {
                for channel in channels {
                    requests.append(request(channel, payload: [UInt8(truncatingIfNeeded: round), UInt8(round >> 8)]))
                }
            }
            let (results, completionOrder) = await appendWithoutWaiting(requests, to: storage)
            for (index, result) in results.enumerated() {
                let message = try result.get().message
                #expect(message.seq == UInt64(index / channels.count + 1))
                #expect(message.payload == requests[index].payload)
            }
            // Completions of one channel run in seq order.
            for channel in channels {
                let seqs = completionOrder.filter { requests[$0].channel == channel }.map {
                    try! results[$0].get().message.seq
                }
                #expect(seqs == seqs.sorted())
            }
        }
    }

    @Test("ids grow across channels in append order")
    func idsIncrease() async throws {
        try await withTemporaryStore { storage throws in
            var previous: Int64 = 0
            for index in 0..<100 {
                let message = try await storage.append(request(group("g\(index % 7)"))).message
                #expect(message.messageID > previous)
                previous = message.messageID
            }
        }
    }

    @Test("person channels are stored under their internal X@Y id")
    func personChannel() async throws {
        try await withTemporaryStore { storage throws in
            let channel = ChannelKey(id: PersonChannel.id(between: "alice", and: "bob"), type: .person)
            let message = try await storage.append(request(channel, from: "alice")).message
            #expect(message.channel == channel)
            let stored = try await storage.messages(in: channel, MessageQuery(limit: 10, newestFirst: false))
            #expect(stored == [message])
            #expect(
                try await storage.messages(
                    in: ChannelKey(id: channel.id, type: .group), MessageQuery(limit: 10, newestFirst: false)
                ).isEmpty)
        }
    }

    @Test("every field round-trips")
    func fieldsRoundTrip() async throws {
        try await withTemporaryStore { storage throws in
            let appended = AppendRequest(
                channel: group("fields"), fromUID: "sender", clientMsgNo: "cmn-1", setting: [.receipt, .topic],
                flags: [.redDot, .syncOnce], expire: 3_600, topic: "news", payload: [0, 1, 2, 255, 0],
                timestamp: 1_234_567_890)
            let message = try await storage.append(appended).message
            let stored = try #require(
                try await storage.messages(in: group("fields"), MessageQuery(limit: 1, newestFirst: true)).first)
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

    @Test("an empty payload is stored")
    func emptyPayload() async throws {
        try await withTemporaryStore { storage throws in
            let message = try await storage.append(request(group("empty"), payload: [])).message
            let stored = try await storage.messages(in: group("empty"), MessageQuery(limit: 1, newestFirst: false))
            #expect(stored == [message])
            #expect(stored.first?.payload == [])
        }
    }
}
