import Foundation
import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

/// A measurement, not a test: disabled unless `JINDOU_STORAGE_BENCH` is set. Run it in release:
///
///     JINDOU_STORAGE_BENCH=1 swift test -c release --filter storageThroughputReport
///
/// Optional: `JINDOU_STORAGE_BENCH_MESSAGES` (default 200000), `JINDOU_STORAGE_BENCH_APPENDERS`
/// (concurrent appenders, default 4000), `JINDOU_STORAGE_BENCH_CHANNELS` (comma-separated,
/// default 1,100,1000), `JINDOU_STORAGE_BENCH_SYNC` (full, normal or off; default full),
/// `JINDOU_STORAGE_BENCH_DEDUP=0` (empty client_msg_nos: no deduplication work),
/// `JINDOU_STORAGE_BENCH_CHECKPOINT_PAGES` and `JINDOU_STORAGE_BENCH_PAGE_SIZE` (configuration).
@Suite("Storage throughput report")
struct ThroughputReport {
    private static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: ProcessInfo.processInfo.environment["JINDOU_STORAGE_BENCH"] != nil))
    func storageThroughputReport() async throws {
        let total = Self.environment["JINDOU_STORAGE_BENCH_MESSAGES"].flatMap(Int.init) ?? 200_000
        let appenders = Self.environment["JINDOU_STORAGE_BENCH_APPENDERS"].flatMap(Int.init) ?? 4_000
        let channelCounts = (Self.environment["JINDOU_STORAGE_BENCH_CHANNELS"] ?? "1,100,1000")
            .split(separator: ",").compactMap { Int($0) }
        let syncMode =
            Self.environment["JINDOU_STORAGE_BENCH_SYNC"].flatMap(SQLiteStorage.SyncMode.init(rawValue:)) ?? .full
        let dedup = Self.environment["JINDOU_STORAGE_BENCH_DEDUP"] != "0"
        print(
            "storage throughput: \(total) messages, 128 B payloads, \(dedup ? "UUID" : "empty") client_msg_nos, \(appenders) concurrent appenders, sync \(syncMode.rawValue)"
        )
        for channels in channelCounts {
            try await withTemporaryDirectory { directory throws in
                try await Self.run(
                    directory: directory, total: total, appenders: appenders, channels: channels, syncMode: syncMode,
                    dedup: dedup)
            }
        }
    }

    private static func run(
        directory: String, total: Int, appenders: Int, channels: Int, syncMode: SQLiteStorage.SyncMode,
        dedup: Bool
    ) async throws {
        let payload = [UInt8]((0..<128).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        // Prepared up front so the measurement is the store, not request building. Message i goes
        // to channel i % channels: consecutive appends hit different channels.
        let requests = (0..<total).map { index in
            AppendRequest(
                channel: ChannelKey(id: "bench-\(index % channels)", type: .group), fromUID: "user-\(index % 977)",
                clientMsgNo: dedup ? UUID().uuidString : "", payload: payload, timestamp: 1_700_000_000)
        }
        var configuration = SQLiteStorage.Configuration(syncMode: syncMode)
        if let pages = environment["JINDOU_STORAGE_BENCH_CHECKPOINT_PAGES"].flatMap(Int.init) {
            configuration.walAutoCheckpointPages = pages
        }
        if let pageSize = environment["JINDOU_STORAGE_BENCH_PAGE_SIZE"].flatMap(Int.init) {
            configuration.pageSize = pageSize
        }
        try await withStore(in: directory, configuration: configuration) { storage throws in
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for appender in 0..<appenders {
                    tasks.addTask {
                        var index = appender
                        while index < total {
                            _ = try await storage.append(requests[index])
                            index += appenders
                        }
                    }
                }
                try await tasks.waitForAll()
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let stats = storage.statistics
            var lastSeqSum: UInt64 = 0
            for channel in 0..<channels {
                lastSeqSum += try await storage.lastSeq(of: ChannelKey(id: "bench-\(channel)", type: .group))
            }
            #expect(lastSeqSum == UInt64(total))
            #expect(stats.storedMessages == total)
            let size = { (path: String) -> Int in
                ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
            }
            let line = String(
                format:
                    "channels %5d: %8.0f msg/s  %6.0f commits/s  avg batch %7.1f  largest %5d  avg commit %6.2f ms (statements %6.2f)  %.2f s  db %.1f MB  wal %.1f MB",
                channels, Double(total) / seconds, Double(stats.commits) / seconds, stats.averageBatchSize,
                stats.largestBatch, stats.commitSeconds / Double(max(1, stats.commits)) * 1_000,
                stats.statementSeconds / Double(max(1, stats.commits)) * 1_000, seconds,
                Double(size(storage.location)) / 1e6, Double(size(storage.location + "-wal")) / 1e6)
            print(line)
        }
    }
}
