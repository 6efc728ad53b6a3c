import Foundation
import JindouCore
import JindouStorage
import JindouStorageSQLite
import JindouTestSupport
import Testing

@Suite("Opening, migrating and closing")
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

    @Test("appends queued before close complete; everything after close fails with .closed")
    func close() async throws {
        try await withTemporaryDirectory { directory throws in
            let storage = try SQLiteStorage(directory: directory, nodeID: 1, logger: quietLogger)
            let requests = (0..<1_000).map { request(group("c\($0 % 3)")) }
            async let pending = appendWithoutWaiting(requests, to: storage)
            // Let some appends be submitted before closing.
            try await Task.sleep(for: .milliseconds(1))
            await storage.close()
            let (results, _) = await pending
            // Each result is either a durable store or a clean .closed rejection, never anything else,
            // and what was stored is gap-free.
            var stored = 0
            for result in results {
                switch result {
                case .success(let outcome):
                    #expect(outcome.isStored)
                    stored += 1
                case .failure(let error):
                    #expect(storageCode(error) == .closed)
                }
            }
            await storage.close()  // a second close is harmless

            do {
                _ = try await storage.append(request(group("c0")))
                Issue.record("append after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed)
            }
            await #expect(throws: StorageError.self) { try await storage.lastSeq(of: group("c0")) }
            do {
                _ = try await storage.messages(in: group("c0"), MessageQuery(limit: 1, newestFirst: false))
                Issue.record("read after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed)
            }
            do {
                try await storage.saveChannelInfo(ChannelInfo(), for: group("c0"))
                Issue.record("write after close succeeded")
            } catch {
                #expect(storageCode(error) == .closed)
            }

            try await withStore(in: directory) { reopened throws in
                var total: UInt64 = 0
                for index in 0..<3 {
                    let channel = group("c\(index)")
                    let last = try await reopened.lastSeq(of: channel)
                    let messages = try await reopened.messages(
                        in: channel, MessageQuery(limit: 10_000, newestFirst: false))
                    #expect(messages.map(\.seq) == Array(0..<last).map { $0 + 1 })
                    total += last
                }
                #expect(total == UInt64(stored))
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
