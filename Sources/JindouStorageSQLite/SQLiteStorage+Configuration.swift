extension SQLiteStorage {
    /// How hard a commit pushes data to the disk (SQLite's `PRAGMA synchronous`, in WAL mode).
    public enum SyncMode: String, Sendable, Hashable, CaseIterable {
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
    public struct Configuration: Sendable, Hashable {
        /// The most appends one group commit takes from the queue (one transaction, one sync).
        public var maxBatchSize: Int
        /// The sync done on each commit; `.full` makes a completed append durable on disk.
        public var syncMode: SyncMode
        /// The most concurrent read connections.
        public var maximumReaderCount: Int
        /// The write-ahead log is checkpointed into the database file once it holds this many
        /// pages (4 KiB each). Larger means fewer, cheaper-per-message checkpoints and a bigger log.
        public var walAutoCheckpointPages: Int
        /// The page cache of the writer connection, in KiB.
        public var writerCacheKiB: Int
        /// The page cache of each read connection, in KiB.
        public var readerCacheKiB: Int
        /// How many channels the writer keeps (row id and last seq) in memory before it starts over.
        public var maxCachedChannels: Int

        public init(
            maxBatchSize: Int = 2_000,
            syncMode: SyncMode = .full,
            maximumReaderCount: Int = 4,
            walAutoCheckpointPages: Int = 16_384,
            writerCacheKiB: Int = 65_536,
            readerCacheKiB: Int = 16_384,
            maxCachedChannels: Int = 500_000
        ) {
            self.maxBatchSize = maxBatchSize
            self.syncMode = syncMode
            self.maximumReaderCount = maximumReaderCount
            self.walAutoCheckpointPages = walAutoCheckpointPages
            self.writerCacheKiB = writerCacheKiB
            self.readerCacheKiB = readerCacheKiB
            self.maxCachedChannels = maxCachedChannels
        }
    }
}
