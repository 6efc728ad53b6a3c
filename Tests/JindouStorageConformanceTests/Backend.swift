import Foundation
import JindouCore
import JindouStorage
import JindouStoragePostgres
import JindouStorageSQLite
import JindouTestSupport
import Logging
import Synchronization

/// The storage backends every conformance test runs against.
enum Backend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    var description: String { rawValue }

    /// Opens a fresh, empty store of this backend, runs `body` and closes and deletes it. Returns
    /// nil (the test is skipped) when PostgreSQL is not installed outside CI.
    @discardableResult
    func withFreshStore<T>(_ body: (any MessageStore, Reopener) async throws -> T) async throws -> T? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "jindou-conformance-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let open: @Sendable () async throws -> any MessageStore & Closable = {
                try SQLiteStorage(directory: directory, nodeID: 1, logger: quietLogger)
            }
            return try await Reopener.run(open: open, body)
        case .postgres:
            guard let cluster = try await SharedPostgres.cluster() else { return nil }
            let database = "t\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            try await cluster.createDatabase(database)
            let url = try PostgresURL(parsing: cluster.url(database: database))
            let open: @Sendable () async throws -> any MessageStore & Closable = {
                try await PostgresStorage.open(url: url, nodeID: 1, poolSize: 4, logger: quietLogger)
            }
            return try await Reopener.run(open: open, body)
        }
    }
}

/// A store that can be closed.
protocol Closable: Sendable {
    func close() async
}

extension SQLiteStorage: Closable {}
extension PostgresStorage: Closable {}

/// Closes the store under test and opens it again on the same data (a restart).
final class Reopener: Sendable {
    private let open: @Sendable () async throws -> any MessageStore & Closable
    private let current: Mutex<(any MessageStore & Closable)?>

    private init(
        open: @escaping @Sendable () async throws -> any MessageStore & Closable, first: any MessageStore & Closable
    ) {
        self.open = open
        self.current = Mutex(first)
    }

    static func run<T>(
        open: @escaping @Sendable () async throws -> any MessageStore & Closable,
        _ body: (any MessageStore, Reopener) async throws -> T
    ) async throws -> T {
        let first = try await open()
        let reopener = Reopener(open: open, first: first)
        do {
            let result = try await body(first, reopener)
            await reopener.closeCurrent()
            return result
        } catch {
            await reopener.closeCurrent()
            throw error
        }
    }

    /// Closes the current store and returns a new one on the same data.
    func reopen() async throws -> any MessageStore {
        await closeCurrent()
        let store = try await open()
        current.withLock { $0 = store }
        return store
    }

    /// Closes the current store (appends after this fail).
    func closeCurrent() async {
        let store = current.withLock { store -> (any MessageStore & Closable)? in
            defer { store = nil }
            return store
        }
        await store?.close()
    }
}

/// One PostgreSQL server for the whole test process (a database per test), stopped at exit.
enum SharedPostgres {
    private static let starting = Mutex<Task<PostgresTestCluster?, any Error>?>(nil)
    private static let started = Mutex<PostgresTestCluster?>(nil)

    static func cluster() async throws -> PostgresTestCluster? {
        let task = starting.withLock { task in
            if let task { return task }
            let new = Task {
                let cluster = try await PostgresTestCluster.start()
                if let cluster {
                    started.withLock { $0 = cluster }
                    atexit { SharedPostgres.stop() }
                }
                return cluster
            }
            task = new
            return new
        }
        return try await task.value
    }

    private static func stop() {
        started.withLock { $0 }?.stop()
    }
}

let quietLogger = Logger(label: "jindou.conformance", factory: { _ in SwiftLogNoOpLogHandler() })

func group(_ id: String) -> ChannelKey { ChannelKey(id: id, type: .group) }

func request(
    _ channel: ChannelKey, from uid: String = "alice", clientMsgNo: String = "", payload: [UInt8] = Array("hello".utf8)
) -> AppendRequest {
    AppendRequest(channel: channel, fromUID: uid, clientMsgNo: clientMsgNo, payload: payload, timestamp: 1_700_000_000)
}

extension AppendOutcome {
    var message: StoredMessage {
        switch self {
        case .stored(let message), .duplicate(let message), .conflict(let message): message
        }
    }

    var kind: String {
        switch self {
        case .stored: "stored"
        case .duplicate: "duplicate"
        case .conflict: "conflict"
        }
    }
}
