extension SQLiteStorage {
    /// How hard a commit pushes data to the disk (SQLite's `PRAGMA synchronous`, in WAL mode).
    package enum SyncMode: String, Sendable, Hashable, CaseIterable {
        /// Every commit syncs the write-ahead log: a completed append survives a power loss.
        case full
        /// Commits are not synced (checkpoints are): a completed append survives a process crash
        /// but the last commits may be lost on a power loss.
        case normal
        /// Nothing is ever synced. For tests and benchmarks only.
        case off

        var pragmaValue: String {
            switch self {
            case .full: "FULL"
            case .normal: "NORMAL"
            case .off: "OFF"
            }
        }
    }

    /// Tuning knobs of the SQLite backend. The defaults are the durable production settings.
    package struct Configuration: Sendable, Hashable {
        /// The most appends one group commit takes from the queue (one transaction, one sync).
        package var maxBatchSize: Int
        /// The sync done on each commit; `.full` makes a completed append durable on disk.
        package var syncMode: SyncMode
        /// The most concurrent read connections.
        package var maximumReaderCount: Int
        /// The writer copies the write-ahead log into the database file (and the log restarts)
        /// once the log holds this many pages. Larger means fewer checkpoints, each copying a hot
        /// index page once for many commits (measured with 1,000 interleaved channels: 65,536
        /// pages, 256 MiB, gave about 15 % more appends/s than 16,384), at the cost of a bigger log
        /// file and a longer recovery after a crash.
        package var walAutoCheckpointPages: Int
        /// After a checkpoint the log file is truncated to at most this many bytes.
        package var walSizeLimitBytes: Int
        /// The page cache of the writer connection, in KiB.
        package var writerCacheKiB: Int
        /// The page cache of each read connection, in KiB.
        package var readerCacheKiB: Int
        /// How many channels the writer keeps (row id and last seq) in memory before it starts over.
        package var maxCachedChannels: Int
        /// The database page size in bytes (a power of two, 512...65536), used only when the
        /// database file is created. (1, 2 and 4 KiB measured the same for interleaved appends.)
        package var pageSize: Int

        package init(
            maxBatchSize: Int = 2_000,
            syncMode: SyncMode = .full,
            maximumReaderCount: Int = 4,
            walAutoCheckpointPages: Int = 65_536,
            walSizeLimitBytes: Int = 64 << 20,
            writerCacheKiB: Int = 65_536,
            readerCacheKiB: Int = 16_384,
            maxCachedChannels: Int = 500_000,
            pageSize: Int = 4_096
        ) {
            self.maxBatchSize = maxBatchSize
            self.syncMode = syncMode
            self.maximumReaderCount = maximumReaderCount
            self.walAutoCheckpointPages = walAutoCheckpointPages
            self.walSizeLimitBytes = walSizeLimitBytes
            self.writerCacheKiB = writerCacheKiB
            self.readerCacheKiB = readerCacheKiB
            self.maxCachedChannels = maxCachedChannels
            self.pageSize = pageSize
        }
    }
}
