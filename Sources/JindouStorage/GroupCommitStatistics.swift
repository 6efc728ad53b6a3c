/// What a store's group-commit writer has done since the store was opened.
package struct GroupCommitStatistics: Sendable, Hashable {
    /// Batches committed (one transaction and one sync each).
    package var commits: Int
    /// Appends completed by those commits: stored, duplicates and conflicts.
    package var appends: Int
    /// Messages written.
    package var storedMessages: Int
    /// Appends answered with `.duplicate` or `.conflict`.
    package var duplicates: Int
    /// Batches whose transaction failed (every append in them failed).
    package var failedCommits: Int
    /// The most appends one commit carried.
    package var largestBatch: Int
    /// Total time spent in batch transactions, sync included.
    package var commitSeconds: Double
    /// The part of ``commitSeconds`` spent running the batches' statements; the rest is the
    /// COMMIT itself: writing the log, syncing it and any automatic checkpoint.
    package var statementSeconds: Double
    /// Commits per duration bucket (``CommitTimeHistogram/boundsMilliseconds``, then the rest).
    package var commitTimeCounts: [Int]
    /// Appends waiting for a batch now (ordinary and system users' lanes); 0 where the store
    /// does not queue.
    package var queuedAppends = 0
    package var queuedPriorityAppends = 0
    /// Appends in the batch being committed now.
    package var committingAppends = 0

    package init(
        commits: Int = 0, appends: Int = 0, storedMessages: Int = 0, duplicates: Int = 0, failedCommits: Int = 0,
        largestBatch: Int = 0, commitSeconds: Double = 0, statementSeconds: Double = 0, commitTimeCounts: [Int] = []
    ) {
        self.commitTimeCounts = commitTimeCounts
        self.commits = commits
        self.appends = appends
        self.storedMessages = storedMessages
        self.duplicates = duplicates
        self.failedCommits = failedCommits
        self.largestBatch = largestBatch
        self.commitSeconds = commitSeconds
        self.statementSeconds = statementSeconds
    }

    /// Appends per commit.
    package var averageBatchSize: Double {
        commits == 0 ? 0 : Double(appends) / Double(commits)
    }
}
