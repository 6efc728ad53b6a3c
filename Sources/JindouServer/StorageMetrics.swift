import CoreMetrics
import JindouStorage
import Synchronization

/// The group-commit writer's counters and queue depth in Prometheus: brought up to date from the writer's
/// statistics each time the metrics are read, so the writer thread pays nothing for them.
final class StorageMetrics: Sendable {
    private let commits: Counter
    private let failedCommits: Counter
    private let queued: Gauge
    private let queuedPriority: Gauge
    private let committing: Gauge
    private let previous = Mutex(GroupCommitStatistics())

    init(factory: any MetricsFactory) {
        commits = Counter(label: "jindou_storage_commits_total", factory: factory)
        failedCommits = Counter(label: "jindou_storage_commit_failures_total", factory: factory)
        queued = Gauge(label: "jindou_storage_queued_appends", dimensions: [("lane", "ordinary")], factory: factory)
        queuedPriority = Gauge(
            label: "jindou_storage_queued_appends", dimensions: [("lane", "priority")], factory: factory)
        committing = Gauge(label: "jindou_storage_committing_appends", factory: factory)
    }

    /// Adds what the writer did since the last call.
    func observe(_ current: GroupCommitStatistics) {
        let last = previous.withLock { previous in
            defer { previous = current }
            return previous
        }
        commits.increment(by: max(0, current.commits - last.commits))
        failedCommits.increment(by: max(0, current.failedCommits - last.failedCommits))
        queued.record(current.queuedAppends)
        queuedPriority.record(current.queuedPriorityAppends)
        committing.record(current.committingAppends)
    }
}
