import JindouStorage
import Logging
import ServiceLifecycle

/// Logs what the group-commit writer did in each interval (commits, batch size, time per commit
/// and how much of it went to statements rather than the sync), at debug level: the first place
/// to look when SENDACK latency grows.
struct StorageStatisticsService: Service {
    let storage: any Storage
    let interval: Duration
    let logger: Logger

    func run() async throws {
        var previous = storage.statistics
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            let current = storage.statistics
            let commits = current.commits - previous.commits
            guard commits > 0 else { continue }
            let appends = current.appends - previous.appends
            let seconds = current.commitSeconds - previous.commitSeconds
            let statementSeconds = current.statementSeconds - previous.statementSeconds
            logger.debug(
                "group commit",
                metadata: [
                    "jindou.commits": "\(commits)", "jindou.appends": "\(appends)",
                    "jindou.batch_avg": "\(appends / commits)",
                    "jindou.commit_ms_avg": "\(Int(seconds * 1000 / Double(commits)))",
                    // The rest of commit_ms is the COMMIT itself: log write, sync, checkpoints.
                    "jindou.statement_ms_avg": "\(Int(statementSeconds * 1000 / Double(commits)))",
                    "jindou.writer_busy_pct": "\(Int(seconds * 100 / interval.seconds))",
                    "jindou.commit_ms_histogram":
                        "\(CommitTimeHistogram.describe(current.commitTimeCounts, since: previous.commitTimeCounts))",
                ])
            previous = current
        }
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
