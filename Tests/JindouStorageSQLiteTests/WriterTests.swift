import GRDB
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
            // Every commit is in exactly one bucket of the commit-time histogram.
            #expect(statistics.commitTimeCounts.count == CommitTimeHistogram.boundsMilliseconds.count + 1)
            #expect(statistics.commitTimeCounts.reduce(0, +) == statistics.commits)
        }
    }

    @Test("a batch whose insert fails is rolled back whole and reported; the writer goes on")
    func failedBatchRollsBack() async throws {
        try await withTemporaryDirectory { directory throws in
            let path = try await withStore(in: directory) { storage in storage.location }
            // A trigger that refuses one client_msg_no stands in for a failing write.
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TRIGGER refuse_boom BEFORE INSERT ON messages WHEN NEW.client_msg_no = 'boom'
                        BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END
                        """)
            }
            try queue.close()
            try await withStore(in: directory) { storage in
                // Submitted together, so they share batches with the refused one: every message of
                // a failed batch fails, and none of its rows or seqs is kept.
                let requests = ["a1", "a2", "boom", "a3"].map { request(group("g"), clientMsgNo: $0) }
                let (results, _) = await appendWithoutWaiting(requests, to: storage)
                #expect(throws: StorageError.self) { try results[2].get() }
                let failed = results.filter { (try? $0.get()) == nil }.count
                #expect(storage.statistics.failedCommits >= 1)
                // The transaction is gone: later appends commit, with seqs after what was kept.
                let after = try await storage.append(request(group("g"), clientMsgNo: "b1"))
                let stored = try await storage.messages(in: group("g"), MessageQuery(limit: 100, newestFirst: false))
                #expect(stored.map(\.clientMsgNo).last == "b1")
                #expect(stored.count == 4 - failed + 1)
                #expect(!stored.contains { $0.clientMsgNo == "boom" })
                #expect(stored.map(\.seq) == Array(1...UInt64(stored.count)))
                #expect(after.message.seq == UInt64(stored.count))
            }
        }
    }

    @Test("the commit-time histogram puts a commit in the first bucket its duration fits")
    func commitTimeBuckets() {
        let histogram = CommitTimeHistogram()
        histogram.record(nanoseconds: 500_000)  // 0.5 ms
        histogram.record(nanoseconds: 1_000_000)  // exactly 1 ms
        histogram.record(nanoseconds: 30_000_000)  // 30 ms
        histogram.record(nanoseconds: 2_000_000_000)  // 2 s
        let counts = histogram.snapshot
        #expect(counts[0] == 2 && counts[5] == 1 && counts[counts.count - 1] == 1)
        #expect(counts.reduce(0, +) == 4)
        #expect(CommitTimeHistogram.describe(counts) == "≤1ms:2 ≤50ms:1 >1000ms:1")
        // Against an earlier snapshot: only what came since.
        histogram.record(nanoseconds: 3_000_000)  // 3 ms
        #expect(CommitTimeHistogram.describe(histogram.snapshot, since: counts) == "≤5ms:1")
    }
}
