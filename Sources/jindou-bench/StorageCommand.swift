import ArgumentParser
import Foundation
import Histogram
import JindouCore
import JindouStorage
import JindouStoragePostgres
import JindouStorageSQLite
import Logging

/// `storage`: durable appends per second of the storage backends themselves, side by side, with
/// the batch sizes their group-commit writers form under concurrent appenders.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Durable appends/s of each storage backend (no server, no network clients).",
        discussion: """
            Opens each --store in this process and runs --appenders concurrent appenders, each waiting \
            for its append's commit before the next (as a client waits for SENDACK), spread over \
            --channels channels with 128-byte payloads and unique client_msg_nos. Reports appends/s, \
            the commits and batch sizes the writer formed, and append latency. SQLite runs in a fresh \
            directory under the given one (removed afterwards); PostgreSQL appends to new channels of \
            the given database (migrated if needed).
            """
    )

    @Option(
        name: .customLong("store"),
        help: "sqlite:DIRECTORY or a postgres:// URL; repeat to compare backends in one run.")
    var stores: [String]

    @Option(help: "Appends per store and channel count.")
    var messages: Int = 100_000

    @Option(help: "Concurrent appenders.")
    var appenders: Int = 2_000

    @Option(help: "Channel counts to run, comma-separated.")
    var channels: String = "1,100,1000"

    @Option(help: "Rounds of the whole matrix (report each; quote the median).")
    var runs: Int = 1

    func validate() throws {
        guard messages > 0, appenders > 0, runs > 0 else {
            throw ValidationError("--messages, --appenders and --runs must be positive")
        }
        guard !stores.isEmpty else { throw ValidationError("give at least one --store") }
        for store in stores where !store.hasPrefix("sqlite:") {
            do {
                _ = try PostgresURL(parsing: store)
            } catch {
                throw ValidationError("--store \(store.hasPrefix("postgres") ? "URL" : store) \(error)")
            }
        }
        guard !channelCounts.isEmpty else { throw ValidationError("--channels must list positive counts") }
    }

    private var channelCounts: [Int] {
        channels.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
    }

    func run() async throws {
        let logger = Logger(label: "jindou-bench.storage", factory: { _ in SwiftLogNoOpLogHandler() })
        emit(
            "storage: \(messages) appends of 128 B per run, \(appenders) concurrent appenders, unique client_msg_nos")
        for round in 1...runs {
            for channels in channelCounts {
                for store in stores {
                    let result = try await measure(store: store, channels: channels, logger: logger)
                    emit("run \(round) \(result.line(store: Self.label(store), channels: channels))")
                }
            }
        }
    }

    /// Writes a line at once (stdout through `print` is block-buffered into a pipe).
    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func label(_ store: String) -> String {
        store.hasPrefix("sqlite:") ? "sqlite  " : "postgres"
    }

    private func measure(store: String, channels: Int, logger: Logger) async throws -> StorageRun {
        if store.hasPrefix("sqlite:") {
            let directory = String(store.dropFirst("sqlite:".count)) + "/jindou-storage-bench-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            return try await measure(try SQLiteStorage(directory: directory, nodeID: 1, logger: logger), channels)
        }
        return try await measure(
            try await PostgresStorage.open(
                url: try PostgresURL(parsing: store), nodeID: 1, poolSize: 4, logger: logger),
            channels)
    }

    private func measure(_ storage: any Storage, _ channels: Int) async throws -> StorageRun {
        do {
            let result = try await appendAll(to: storage, channels: channels)
            await storage.close()
            return result
        } catch {
            await storage.close()
            throw error
        }
    }

    private func appendAll(to storage: any Storage, channels: Int) async throws -> StorageRun {
        let payload = [UInt8]((0..<128).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let prefix = "bench-\(UUID().uuidString.prefix(8))-"
        // Built up front so the measurement is the store; consecutive appends hit different channels.
        let requests = (0..<messages).map { index in
            AppendRequest(
                channel: ChannelKey(id: prefix + String(index % channels), type: .group),
                fromUID: "user-\(index % 977)", clientMsgNo: UUID().uuidString, payload: payload,
                timestamp: 1_700_000_000)
        }
        let before = storage.statistics
        let clock = ContinuousClock()
        let started = clock.now
        let total = messages
        let appenders = self.appenders
        let histogram = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { tasks in
            for appender in 0..<appenders {
                tasks.addTask {
                    var latencies = Histogram<UInt64>(
                        highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                    var index = appender
                    while index < total {
                        let start = clock.now
                        _ = try await storage.append(requests[index])
                        latencies.record(UInt64((clock.now - start).microseconds))
                        index += appenders
                    }
                    return latencies
                }
            }
            var merged = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            for try await part in tasks { merged.add(part) }
            return merged
        }
        let seconds = (clock.now - started).seconds
        let after = storage.statistics
        var stored: UInt64 = 0
        for channel in 0..<channels {
            stored += try await storage.lastSeq(of: ChannelKey(id: prefix + String(channel), type: .group))
        }
        guard stored == UInt64(total) else {
            throw ValidationError("the channels' last seqs add up to \(stored), not \(total): appends were lost")
        }
        return StorageRun(
            appends: total, seconds: seconds, commits: after.commits - before.commits,
            largestBatch: after.largestBatch, commitSeconds: after.commitSeconds - before.commitSeconds,
            statementSeconds: after.statementSeconds - before.statementSeconds,
            latency: LatencySummary(microseconds: histogram))
    }
}

/// One store's measurement.
private struct StorageRun {
    var appends: Int
    var seconds: Double
    var commits: Int
    var largestBatch: Int
    var commitSeconds: Double
    var statementSeconds: Double
    var latency: LatencySummary

    func line(store: String, channels: Int) -> String {
        let commits = max(1, self.commits)
        return String(
            format:
                "%@ channels %5d: %8.0f appends/s  %6.0f commits/s  avg batch %7.1f  largest %5d  commit %6.2f ms (statements %6.2f)  latency p50 %.1f ms p99 %.1f ms",
            store, channels, Double(appends) / seconds, Double(self.commits) / seconds,
            Double(appends) / Double(commits), largestBatch, commitSeconds / Double(commits) * 1000,
            statementSeconds / Double(commits) * 1000, latency.p50, latency.p99)
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    fileprivate var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
