import Foundation
import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

/// Opening a SQLite data directory: migrations, the file and its directory, bad node ids and files.
/// Closing and restarting, on every backend, are in JindouStorageConformanceTests.
@Suite("SQLite: opening and migrating")
struct LifecycleTests {
    @Test("migrations are applied once and the last one is the schema version")
    func migrations() async throws {
        try await withTemporaryDirectory { directory throws in
            let known = SQLiteStorage.knownMigrations
            #expect(!known.isEmpty)
            try await withStore(in: directory) { storage throws in
                #expect(storage.schemaVersion == known.last)
                #expect(try await storage.appliedMigrations() == known)
                #expect(
                    storage.location == URL(fileURLWithPath: directory).appendingPathComponent("jindou.sqlite").path)
                #expect(FileManager.default.fileExists(atPath: storage.location))
            }
            try await withStore(in: directory) { storage throws in
                #expect(storage.schemaVersion == known.last)
                #expect(try await storage.appliedMigrations() == known)
            }
        }
    }

    @Test("the data directory and its parents are created")
    func createsDirectory() async throws {
        try await withTemporaryDirectory { directory throws in
            let nested = directory + "/a/b/c"
            try await withStore(in: nested) { storage throws in
                #expect(storage.location.hasPrefix(nested))
                _ = try await storage.append(request(group("g")))
            }
        }
    }

    @Test("an out-of-range node id is rejected")
    func badNodeID() async throws {
        try await withTemporaryDirectory { directory throws in
            #expect(throws: StorageError.self) {
                _ = try SQLiteStorage(directory: directory, nodeID: 1024, logger: quietLogger)
            }
        }
    }

    @Test("a file that is not a database is reported as corrupt; a file in place of the directory as unavailable")
    func badFiles() async throws {
        try await withTemporaryDirectory { directory throws in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
            try garbage.write(to: URL(fileURLWithPath: directory).appendingPathComponent("jindou.sqlite"))
            do {
                _ = try SQLiteStorage(directory: directory, nodeID: 1, logger: quietLogger)
                Issue.record("opening garbage succeeded")
            } catch {
                #expect(storageCode(error) == .corrupt, "\(error)")
            }

            let notADirectory = directory + "/plain-file"
            try Data("x".utf8).write(to: URL(fileURLWithPath: notADirectory))
            do {
                _ = try SQLiteStorage(directory: notADirectory, nodeID: 1, logger: quietLogger)
                Issue.record("opening under a plain file succeeded")
            } catch {
                #expect(storageCode(error) == .unavailable, "\(error)")
            }
        }
    }
}
