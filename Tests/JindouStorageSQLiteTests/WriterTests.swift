import JindouCore
import JindouStorage
import JindouStorageSQLite
import JindouTestSupport
import Testing

/// The SQLite group-commit writer's own settings and statistics. What appends must do on every
/// backend is in JindouStorageConformanceTests.
@Suite("SQLite writer: settings and statistics")
struct WriterTests {
    @Test("the sync mode and batch size settings open and work")
    func otherSettings() async throws {
        for mode in SQLiteStorage.SyncMode.allCases {
            try await withTemporaryStore(configuration: .init(maxBatchSize: 3, syncMode: mode)) { storage throws in
                let requests = (0..<20).map { request(group("s"), clientMsgNo: "c\($0)") }
                let (results, _) = await appendWithoutWaiting(requests, to: storage)
                let seqs = try results.map { try $0.get().message.seq }
                #expect(seqs == Array(1...20))
                #expect(storage.statistics.largestBatch <= 3)
                #expect(storage.configuration.syncMode == mode)
            }
        }
    }

    @Test("statistics count stored messages, duplicates and batches")
    func statistics() async throws {
        try await withTemporaryStore { storage throws in
            // Every key submitted twice (identical) and a third time with another payload, all
            // without waiting, so most copies share a batch with their original.
            var requests: [AppendRequest] = []
            for index in 0..<500 {
                let channel = group("burst\(index % 2)")
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256)]))
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256)]))
                requests.append(request(channel, clientMsgNo: "k\(index)", payload: [UInt8(index % 256), 9]))
            }
            let (results, _) = await appendWithoutWaiting(requests, to: storage)
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            let statistics = storage.statistics
            #expect(statistics.appends == 1_500)
            #expect(statistics.storedMessages == 500)
            #expect(statistics.duplicates == 1_000)
            #expect(statistics.largestBatch > 1)
            #expect(statistics.commits >= 1 && statistics.commits < 1_500)
            #expect(statistics.failedCommits == 0)
        }
    }
}
