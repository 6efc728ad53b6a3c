import Synchronization

/// Counters of the group-commit writer. Only the writer thread updates them; anyone may read a
/// snapshot (atomics, no lock).
final class WriterStatistics: Sendable {
    private let commits = Atomic<Int>(0)
    private let appends = Atomic<Int>(0)
    private let storedMessages = Atomic<Int>(0)
    private let duplicates = Atomic<Int>(0)
    private let failedCommits = Atomic<Int>(0)
    private let largestBatch = Atomic<Int>(0)
    private let commitNanoseconds = Atomic<Int>(0)
    private let statementNanoseconds = Atomic<Int>(0)
    /// Whether the last commit failed.
    let health = WriteHealth()

    /// Records a committed batch.
    func recordCommit(appends count: Int, stored: Int, nanoseconds: Int, statementNanoseconds statements: Int) {
        statementNanoseconds.add(statements, ordering: .relaxed)
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

    /// Records a batch whose transaction failed.
    func recordFailure() {
        failedCommits.add(1, ordering: .relaxed)
    }

    var snapshot: SQLiteStorage.Statistics {
        SQLiteStorage.Statistics(
            commits: commits.load(ordering: .relaxed),
            appends: appends.load(ordering: .relaxed),
            storedMessages: storedMessages.load(ordering: .relaxed),
            duplicates: duplicates.load(ordering: .relaxed),
            failedCommits: failedCommits.load(ordering: .relaxed),
            largestBatch: largestBatch.load(ordering: .relaxed),
            commitSeconds: Double(commitNanoseconds.load(ordering: .relaxed)) / 1e9,
            statementSeconds: Double(statementNanoseconds.load(ordering: .relaxed)) / 1e9
        )
    }
}
