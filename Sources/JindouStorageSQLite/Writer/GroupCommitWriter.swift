import Dispatch
import Foundation
import GRDB
import JindouCore
import JindouStorage
import Logging
import Synchronization

/// One queued append and the callback to run once its outcome is durable.
struct PendingAppend: Sendable {
    var request: AppendRequest
    var completion: @Sendable (Result<AppendOutcome, StorageError>) -> Void
}

/// Group commit: every append goes into one queue, and one dedicated thread drains whatever is
/// queued (up to `maxBatchSize`) into a single transaction with a single sync, then runs the
/// completions in queue order.
///
/// Priority appends (system users' messages) have their own lane: each batch takes every queued
/// priority append first, so they neither wait behind a backlog of ordinary appends nor are
/// delivered after them.
///
/// Threads: callers only touch the queue. All database work of appends, and all the state it
/// needs (channel row ids, last seqs, the id generator), belongs to the writer thread, a plain
/// `Thread`: it blocks on SQLite and on fsync, so it must not be a cooperative-pool thread.
///
/// Locking: the queue hand-off is the only lock, ``inbox`` (a `Mutex`); it is held just long
/// enough to append to or swap out the pending array. When the queue is empty the writer parks
/// on ``wakeup``, a semaphore that is signalled only by the submitter that finds the writer
/// parked (so its count never exceeds one).
final class GroupCommitWriter: Sendable {
    /// What the submitters and the writer share, always under the mutex.
    private struct Inbox: ~Copyable {
        var pending: [PendingAppend] = []
        var priority: [PendingAppend] = []
        /// The writer saw an empty queue and is (about to be) waiting on the semaphore.
        var writerIsParked = false
        /// `close()` was called: no more submissions.
        var closing = false
        /// The writer drained the queue after `closing` and is gone.
        var finished = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private enum Step {
        case batch([PendingAppend])
        case park
        case finish
    }

    private let inbox = Mutex(Inbox())
    private let wakeup = DispatchSemaphore(value: 0)
    private let maxBatchSize: Int
    private let logger: Logger
    let statistics = WriterStatistics()

    /// The appends of the batch being committed now (0 between batches).
    private let committing = Atomic<Int>(0)

    /// The appends waiting for the writer to take them, per lane, and those it is committing.
    var queueDepth: (ordinary: Int, priority: Int, committing: Int) {
        let (ordinary, priority) = inbox.withLock { ($0.pending.count, $0.priority.count) }
        return (ordinary, priority, committing.load(ordering: .relaxed))
    }

    /// Starts the writer thread.
    ///
    /// - Parameters:
    ///   - pool: the database; the writer uses its writer connection.
    ///   - idGenerator: assigns message ids (seeded above every stored id).
    ///   - shutdown: runs on the writer thread once the queue is drained after ``close()``, before
    ///     `close()` returns.
    init(
        pool: DatabasePool, idGenerator: MessageIDGenerator, channelCacheEpoch: ChannelCacheEpoch,
        configuration: SQLiteStorage.Configuration,
        logger: Logger, shutdown: @escaping @Sendable () -> Void
    ) {
        self.maxBatchSize = max(1, configuration.maxBatchSize)
        self.logger = logger
        let maxCachedChannels = configuration.maxCachedChannels
        let thread = Thread { [self] in
            // Set from inside: on Linux only the current thread's name reaches the kernel (at most
            // 15 bytes), where `top -H` and perf show it.
            Thread.current.name = "jindou-writer"
            // Built here so that it, and the caches inside it, never leave this thread.
            let appender = BatchAppender(
                pool: pool, idGenerator: idGenerator, channelCacheEpoch: channelCacheEpoch,
                maxCachedChannels: maxCachedChannels, logger: logger)
            self.run(appender: appender)
            shutdown()
            self.finish()
        }
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    /// Queues an append. Returns false (and queues nothing) if the writer is closing.
    func submit(_ append: PendingAppend) -> Bool {
        let (accepted, wake) = inbox.withLock { inbox -> (Bool, Bool) in
            guard !inbox.closing else { return (false, false) }
            if append.request.priority {
                inbox.priority.append(append)
            } else {
                inbox.pending.append(append)
            }
            guard inbox.writerIsParked else { return (true, false) }
            inbox.writerIsParked = false
            return (true, true)
        }
        if wake { wakeup.signal() }
        return accepted
    }

    /// Stops accepting appends, waits until everything queued is committed and the shutdown
    /// action has run. Safe to call more than once.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (alreadyFinished, wake) = inbox.withLock { inbox -> (Bool, Bool) in
                if inbox.finished { return (true, false) }
                inbox.closing = true
                inbox.closeWaiters.append(continuation)
                guard inbox.writerIsParked else { return (false, false) }
                inbox.writerIsParked = false
                return (false, true)
            }
            if wake { wakeup.signal() }
            if alreadyFinished { continuation.resume() }
        }
    }

    /// Stops accepting appends without waiting (used when the store is dropped unclosed).
    func requestClose() {
        let wake = inbox.withLock { inbox -> Bool in
            inbox.closing = true
            guard inbox.writerIsParked else { return false }
            inbox.writerIsParked = false
            return true
        }
        if wake { wakeup.signal() }
    }

    // MARK: - Writer thread

    private func run(appender: BatchAppender) {
        logger.debug("group-commit writer started", metadata: ["maxBatchSize": "\(maxBatchSize)"])
        while true {
            switch nextStep() {
            case .batch(let batch):
                committing.store(batch.count, ordering: .relaxed)
                appender.commit(batch, statistics: statistics)
                committing.store(0, ordering: .relaxed)
            case .park:
                wakeup.wait()
            case .finish:
                logger.debug("group-commit writer drained and stopped")
                return
            }
        }
    }

    /// Takes the next batch, or decides to park or stop.
    private func nextStep() -> Step {
        inbox.withLock { inbox -> Step in
            if inbox.pending.isEmpty && inbox.priority.isEmpty {
                if inbox.closing { return .finish }
                inbox.writerIsParked = true
                return .park
            }
            var batch: [PendingAppend] = []
            Self.move(from: &inbox.priority, into: &batch, upTo: maxBatchSize)
            Self.move(from: &inbox.pending, into: &batch, upTo: maxBatchSize)
            return .batch(batch)
        }
    }

    /// Moves queued appends from the front of `queue` to `batch` until it holds `limit`.
    private static func move(from queue: inout [PendingAppend], into batch: inout [PendingAppend], upTo limit: Int) {
        let count = min(queue.count, limit - batch.count)
        guard count > 0 else { return }
        if count == queue.count && batch.isEmpty {
            swap(&batch, &queue)
            return
        }
        batch.append(contentsOf: queue.prefix(count))
        queue.removeFirst(count)
    }

    /// Marks the writer finished and wakes every `close()` caller.
    private func finish() {
        let waiters = inbox.withLock { inbox -> [CheckedContinuation<Void, Never>] in
            inbox.finished = true
            let waiters = inbox.closeWaiters
            inbox.closeWaiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
