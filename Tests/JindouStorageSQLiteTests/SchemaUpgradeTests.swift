import GRDB
import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

/// Data directories written by other schema versions. These tests edit the database file
/// directly with GRDB.
@Suite("Schema upgrades")
struct SchemaUpgradeTests {
    /// The two 0002 layouts that were ever committed: as released (a plain index over a hash of
    /// the client_msg_no) and a pre-release build's (a unique index over a hash of from_uid and
    /// client_msg_no).
    enum Legacy0002Layout: CaseIterable, Sendable {
        case released
        case preRelease
    }

    @Test(
        "a database from before 0003 is upgraded in place and keeps deduplicating", arguments: Legacy0002Layout.allCases
    )
    func upgradeFrom0002(layout: Legacy0002Layout) async throws {
        try await withTemporaryDirectory { directory throws in
            let (location, originals) = try await withStore(in: directory) { storage throws in
                var originals: [StoredMessage] = []
                for index in 0..<20 {
                    let request = request(group("g\(index % 3)"), from: "u\(index % 4)", clientMsgNo: "c\(index)")
                    originals.append(try await storage.append(request).message)
                }
                originals.append(try await storage.append(request(group("g0"), clientMsgNo: "")).message)
                return (storage.location, originals)
            }
            // Put the messages table back the way migration 0002 left it.
            let queue = try DatabaseQueue(path: location)
            try queue.write { db in
                try db.execute(
                    sql: """
                        DROP INDEX messages_by_client_msg_no;
                        ALTER TABLE messages DROP COLUMN client_msg_no_hash;
                        ALTER TABLE messages ADD COLUMN dedup_hash INTEGER;
                        CREATE \(layout == .preRelease ? "UNIQUE " : "")INDEX messages_by_dedup_hash
                            ON messages(channel_ref, dedup_hash) WHERE dedup_hash IS NOT NULL;
                        DELETE FROM grdb_migrations WHERE identifier = '0003-client-msg-no-index';
                        """)
                for message in originals where !message.clientMsgNo.isEmpty {
                    try db.execute(
                        sql: "UPDATE messages SET dedup_hash = ? WHERE message_id = ?",
                        arguments: [Self.legacyDedupHash(message, layout), message.messageID])
                }
            }
            try queue.close()

            try await withStore(in: directory) { storage throws in
                #expect(storage.schemaVersion == SQLiteStorage.knownMigrations.last)
                #expect(try await storage.appliedMigrations() == SQLiteStorage.knownMigrations)
                for original in originals where !original.clientMsgNo.isEmpty {
                    let again = try await storage.append(
                        request(original.channel, from: original.fromUID, clientMsgNo: original.clientMsgNo))
                    #expect(again.isDuplicate)
                    #expect(again.message == original)
                }
                let next = try await storage.append(request(group("g0"), clientMsgNo: "fresh")).message
                #expect(next.seq == 9)
            }
        }
    }

    @Test("a database migrated by a newer version is refused as corrupt")
    func newerMigrationIsRefused() async throws {
        try await withTemporaryDirectory { directory throws in
            let location = try await withStore(in: directory) { storage throws in storage.location }
            let queue = try DatabaseQueue(path: location)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('9999-from-the-future')")
            }
            try queue.close()
            do {
                _ = try SQLiteStorage(directory: directory, nodeID: 1, logger: quietLogger)
                Issue.record("opening a newer schema succeeded")
            } catch {
                #expect(storageCode(error) == .corrupt, "\(error)")
                #expect("\(error)".contains("9999-from-the-future"))
            }
        }
    }

    /// `dedup_hash` as a 0002 writer computed it: FNV-1a of the client_msg_no (released) or of
    /// from_uid, 0xFF, client_msg_no (pre-release).
    private static func legacyDedupHash(_ message: StoredMessage, _ layout: Legacy0002Layout) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let prefix: [UInt8] = layout == .preRelease ? Array(message.fromUID.utf8) + [0xFF] : []
        for byte in prefix + Array(message.clientMsgNo.utf8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}
