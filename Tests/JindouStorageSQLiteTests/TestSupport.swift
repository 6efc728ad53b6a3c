import Foundation
import JindouCore
import JindouStorage
import JindouStorageSQLite
import Logging

/// A logger that drops everything, so test output stays readable.
let quietLogger = Logger(label: "jindou.storage.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Creates a fresh temporary directory path (not the directory itself), runs `body` with it and
/// removes whatever was created there, even if `body` throws.
@discardableResult
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("jindou-storage-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Opens a store in `directory`, runs `body` and closes the store.
@discardableResult
func withStore<T>(
    in directory: String, nodeID: Int64 = 1, configuration: SQLiteStorage.Configuration = .init(),
    _ body: (SQLiteStorage) async throws -> T
) async throws -> T {
    let storage = try SQLiteStorage(
        directory: directory, nodeID: nodeID, logger: quietLogger, configuration: configuration)
    do {
        let result = try await body(storage)
        await storage.close()
        return result
    } catch {
        await storage.close()
        throw error
    }
}

/// Opens a store in a fresh temporary directory, runs `body`, closes it and deletes the directory.
@discardableResult
func withTemporaryStore<T>(
    configuration: SQLiteStorage.Configuration = .init(), _ body: (SQLiteStorage) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory throws in
        try await withStore(in: directory, configuration: configuration, body)
    }
}

func group(_ id: String) -> ChannelKey { ChannelKey(id: id, type: .group) }

func request(
    _ channel: ChannelKey, from uid: String = "alice", clientMsgNo: String = "", payload: [UInt8] = Array("hello".utf8),
    timestamp: Int32 = 1_700_000_000
) -> AppendRequest {
    AppendRequest(channel: channel, fromUID: uid, clientMsgNo: clientMsgNo, payload: payload, timestamp: timestamp)
}

extension AppendOutcome {
    /// The message carried by any outcome.
    var message: StoredMessage {
        switch self {
        case .stored(let message), .duplicate(let message), .conflict(let message): message
        }
    }

    var isDuplicate: Bool {
        if case .duplicate = self { return true }
        return false
    }
}

/// The storage error code of a caught error, nil if it is not a ``StorageError``.
func storageCode(_ error: some Error) -> StorageError.Code? {
    ((error as any Error) as? StorageError)?.code
}
