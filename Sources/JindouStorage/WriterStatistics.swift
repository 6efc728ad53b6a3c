import Logging
import Synchronization

/// Counters of a group-commit writer. Only the writer updates them; anyone may read a snapshot
/// (atomics, no lock).
package final class WriterStatistics: Sendable {
    private let commits = Atomic<Int>(0)
    private let appends = Atomic<Int>(0)
    private let storedMessages = Atomic<Int>(0)
    private let duplicates = Atomic<Int>(0)
    private let failedCommits = Atomic<Int>(0)
    private let largestBatch = Atomic<Int>(0)
    private let commitNanoseconds = Atomic<Int>(0)
    private let statementNanoseconds = Atomic<Int>(0)
    /// Each commit's duration, bucketed.
    package let commitTimes = CommitTimeHistogram()
    /// Whether the last commit failed.
    package let health = WriteHealth()

    package init() {}

    /// Records a committed batch.
    package func recordCommit(appends count: Int, stored: Int, nanoseconds: Int, statementNanoseconds statements: Int) {
        statementNanoseconds.add(statements, ordering: .relaxed)
        commitTimes.record(nanoseconds: nanoseconds)
        health.recordSuccess()
        commits.add(1, ordering: .relaxed)
        appends.add(count, ordering: .relaxed)
        storedMessages.add(stored, ordering: .relaxed)
        duplicates.add(count - stored, ordering: .relaxed)
        commitNanoseconds.add(nanoseconds, ordering: .relaxed)
        if count > largestBatch.load(ordering: .relaxed) {
            largestBatch.store(count, ordering: .relaxed)
        }
    }

    /// Records a batch whose transaction failed: counted, readiness told, and logged at most once
    /// per interval (with how many similar failures were not).
    package func recordFailedBatch(_ failure: StorageError, appends: Int, logger: Logger) {
        failedCommits.add(1, ordering: .relaxed)
        health.recordFailure("\(failure)")
        if let suppressed = health.failureLog.shouldLog() {
            logger.error(
                "group commit failed",
                metadata: [
                    "error": "\(failure)", "appends": "\(appends)", "jindou.similar_errors_suppressed": "\(suppressed)",
                ])
        }
    }

    package var snapshot: GroupCommitStatistics {
        GroupCommitStatistics(
            commits: commits.load(ordering: .relaxed),
            appends: appends.load(ordering: .relaxed),
            storedMessages: storedMessages.load(ordering: .relaxed),
            duplicates: duplicates.load(ordering: .relaxed),
            failedCommits: failedCommits.load(ordering: .relaxed),
            largestBatch: largestBatch.load(ordering: .relaxed),
            commitSeconds: Double(commitNanoseconds.load(ordering: .relaxed)) / 1e9,
            statementSeconds: Double(statementNanoseconds.load(ordering: .relaxed)) / 1e9,
            commitTimeCounts: commitTimes.snapshot
        )
    }
}
