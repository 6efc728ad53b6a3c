import Crypto
import Foundation
import GRDB
import JindouCore
import JindouStorage
import JindouStoragePostgres
import JindouStorageSQLite
import JindouStoreMigration
import PostgresNIO
import Synchronization
import Testing

/// `jindou migrate` end to end: a real SQLite store written through its API, a real PostgreSQL.
@Suite("jindou migrate", .serialized)
struct StoreMigrationTests {
    @Test("100k messages in 1,000 channels: copied, verified, and every table equals the source")
    func fullCopy() async throws {
        guard let url = try await TestPostgres.freshDatabase() else { return }
        let clock = ContinuousClock()
        let started = clock.now
        let fixture = try await SourceFixture.build(groups: 700, persons: 300, messagesPerChannel: 100)
        defer { fixture.remove() }
        print("built the source (\(fixture.messageCount) messages) in \(started.duration(to: clock.now))")
        #expect(fixture.messageCount == 100_000)

        let updates = Mutex<[MigrationProgress]>([])
        let report = try await StoreMigration(source: fixture.directory, target: url, logger: quietLogger)
            .run { progress in updates.withLock { $0.append(progress) } }
        print(report.summary)
        #expect(report.messages == 100_000)
        #expect(report.resumedAfterMessageID == 0)
        #expect(report.verified.channels == 1_000)
        #expect(report.verified.messages == 100_000)
        #expect(report.verified.tables == 11)
        let progress = updates.withLock { $0 }
        #expect(progress.last?.phase == .verifying)
        #expect(progress.contains { $0.phase == .copying(table: "messages") })
        #expect(progress.last.map { $0.rowsDone == $0.rowsTotal && $0.messagesDone == 100_000 } == true)

        try await expectFaithfulCopy(fixture, url)
    }

    @Test("an interrupted copy is refused without --resume and completed by resuming, wherever it stopped")
    func resume() async throws {
        guard let url = try await TestPostgres.freshDatabase() else { return }
        let fixture = try await SourceFixture.build(groups: 60, persons: 40, messagesPerChannel: 50)
        defer { fixture.remove() }
        let total = fixture.messageCount
        #expect(total == 5_000)
        func migration(resume: Bool) -> StoreMigration {
            StoreMigration(
                source: fixture.directory, target: url, options: .init(resume: resume, batchSize: 500),
                logger: quietLogger)
        }

        // Stopped in the third batch's aftermath: users (600 rows, two batches) and one of devices.
        let first = await runInterrupted(migration(resume: false)) { $0.batches >= 3 }
        expectCancelled(first)
        let counts = try await withClient(url) { client in
            [
                try await scalar(client, "SELECT count(*) FROM users"),
                try await scalar(client, "SELECT count(*) FROM devices"),
                try await scalar(client, "SELECT count(*) FROM channels"),
            ]
        }
        #expect(counts == [600, 500, 0])

        // A plain rerun is refused, naming the table with rows and --resume.
        let refused = await runInterrupted(migration(resume: false)) { _ in false }
        guard case .failure(.targetNotEmpty(_, let table)) = refused else {
            Issue.record("expected a refusal, got \(refused)")
            return
        }
        #expect(table == "users")
        if case .failure(let error) = refused {
            #expect(error.description.contains("--resume") && error.description.contains("users"))
        }

        // Resumed, then stopped after three batches of messages, then after one more.
        expectCancelled(await runInterrupted(migration(resume: true)) { $0.messagesDone >= 1_500 })
        let afterSecond = try await withClient(url) { try await scalar($0, "SELECT count(*) FROM messages") }
        #expect(afterSecond == 1_500)
        expectCancelled(await runInterrupted(migration(resume: true)) { $0.messagesDone >= 500 })
        let afterThird = try await withClient(url) { try await scalar($0, "SELECT count(*) FROM messages") }
        #expect(afterThird == 2_000)

        let report = try await migration(resume: true).run()
        #expect(report.messages == total - 2_000)
        #expect(report.resumedAfterMessageID > 0)
        #expect(report.verified.messages == total)
        try await expectFaithfulCopy(fixture, url)
    }

    @Test("a target with rows in any copied table is refused, naming the table and --resume")
    func nonEmptyTarget() async throws {
        guard let url = try await TestPostgres.freshDatabase() else { return }
        let fixture = try await SourceFixture.build(groups: 5, persons: 5, messagesPerChannel: 3)
        defer { fixture.remove() }
        // Only a watermark: the last table anyone would think of.
        let store = try await PostgresStorage.open(url: url, nodeID: 1, poolSize: 2, logger: quietLogger)
        await store.close()
        try await withClient(url) { client in
            try await client.query(
                "INSERT INTO webhook_watermarks (stream, message_id, updated_at) VALUES ('msg.notify', 1, 1)",
                logger: quietLogger)
        }
        do {
            _ = try await StoreMigration(source: fixture.directory, target: url, logger: quietLogger).run()
            Issue.record("a non-empty target was accepted")
        } catch {
            guard case .targetNotEmpty(_, let table) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(table == "webhook_watermarks")
            #expect(error.description.contains("--resume"))
            #expect(!error.description.contains("password"))
        }
        let untouched = try await withClient(url) { client in
            [
                try await scalar(client, "SELECT count(*) FROM messages"),
                try await scalar(client, "SELECT count(*) FROM users"),
            ]
        }
        #expect(untouched == [0, 0])
    }

    @Test("a message that differs in the target fails the verification, naming its channel")
    func verificationFindsDifferences() async throws {
        guard let url = try await TestPostgres.freshDatabase() else { return }
        let fixture = try await SourceFixture.build(groups: 10, persons: 5, messagesPerChannel: 10)
        defer { fixture.remove() }
        _ = try await StoreMigration(source: fixture.directory, target: url, logger: quietLogger).run()
        // Same count and seqs, one payload changed: only the checksum can tell.
        try await withClient(url) { client in
            try await client.query(
                """
                UPDATE messages SET payload = '\\x00' WHERE message_id = (
                    SELECT m.message_id FROM messages m JOIN channels c ON c.id = m.channel_ref
                    WHERE c.channel_id = 'group-3' AND m.seq = 7)
                """, logger: quietLogger)
        }
        do {
            _ = try await StoreMigration(
                source: fixture.directory, target: url, options: .init(resume: true), logger: quietLogger
            )
            .run()
            Issue.record("the changed message was not found")
        } catch {
            guard case .verificationFailed(.channel(let name, let detail)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "group-3 (type 2)")
            #expect(detail.contains("checksum"))
        }
    }

    @Test("channels whose newest messages were purged keep their last seq in the target, and the verifier checks it")
    func purgedChannels() async throws {
        guard let url = try await TestPostgres.freshDatabase() else { return }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jindou-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let kept = ChannelKey(id: "kept", type: .group)  // 1 stays, 2 and 3 are purged: last seq 3
        let emptied = ChannelKey(id: "emptied", type: .group)  // 1 and 2 are purged: last seq 2
        let older = ChannelKey(id: "older", type: .group)  // 1 is purged, 2 stays: last seq 2
        let expected = [kept: UInt64(3), emptied: 2, older: 2]
        let source = try SQLiteStorage(directory: directory, nodeID: 3, logger: quietLogger)
        #expect(try await source.registerUser(uid: "leaves", nickname: ""))
        for channel in [kept, emptied, older] {
            try await source.addMembers(["stays", "leaves"], to: .subscribers, of: channel)
        }
        for (channel, from) in [
            (kept, "stays"), (kept, "leaves"), (kept, "leaves"), (emptied, "leaves"), (emptied, "leaves"),
            (older, "leaves"), (older, "stays"),
        ] {
            _ = try await source.append(
                AppendRequest(channel: channel, fromUID: from, clientMsgNo: "", payload: [1], timestamp: 1_700_000_000))
        }
        _ = try await source.deleteUser("leaves", purgeMessages: true) { _ in nil }
        for (channel, last) in expected {
            #expect(try await source.lastSeq(of: channel) == last, "\(channel) in the source")
        }
        await source.close()

        // One message per batch: each raises its channel's last_seq, never below the floor.
        let report = try await StoreMigration(
            source: directory, target: url, options: .init(batchSize: 1), logger: quietLogger
        ).run()
        #expect(report.verified.channels == 3)
        #expect(report.verified.messages == 2)
        let lastSeqs = try await withClient(url) { client in
            [
                try await scalar(client, "SELECT last_seq FROM channels WHERE channel_id = 'kept'"),
                try await scalar(client, "SELECT last_seq FROM channels WHERE channel_id = 'emptied'"),
                try await scalar(client, "SELECT last_seq FROM channels WHERE channel_id = 'older'"),
            ]
        }
        #expect(lastSeqs == [3, 2, 2])

        // A last_seq below the floor (here of a channel with no message left) fails the verification.
        try await withClient(url) { client in
            try await client.query("UPDATE channels SET last_seq = 0 WHERE channel_id = 'emptied'", logger: quietLogger)
        }
        do {
            _ = try await StoreMigration(
                source: directory, target: url, options: .init(resume: true), logger: quietLogger
            ).run()
            Issue.record("a last_seq below the source's seq floor was accepted")
        } catch {
            guard case .verificationFailed(.channel(let name, let detail)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(name == "emptied (type 2)")
            #expect(detail.contains("last_seq is 0") && detail.contains("last seq is 2"), "\(detail)")
        }
        try await withClient(url) { client in
            try await client.query("UPDATE channels SET last_seq = 2 WHERE channel_id = 'emptied'", logger: quietLogger)
        }

        // The target continues each channel after its purged messages.
        let target = try await PostgresStorage.open(url: url, nodeID: 4, poolSize: 2, logger: quietLogger)
        do {
            for (channel, last) in expected {
                #expect(try await target.lastSeq(of: channel) == last, "\(channel) in the target")
                let outcome = try await target.append(
                    AppendRequest(
                        channel: channel, fromUID: "after", clientMsgNo: "", payload: [2], timestamp: 1_800_000_000))
                guard case .stored(let message) = outcome else {
                    Issue.record("the append to \(channel) was not stored: \(outcome)")
                    continue
                }
                #expect(message.seq == last + 1, "\(channel)")
            }
        } catch {
            await target.close()
            throw error
        }
        await target.close()
    }

    @Test("an unreachable target fails after the connect timeout, naming it with the password masked")
    func unreachableTarget() async throws {
        let fixture = try await SourceFixture.build(groups: 2, persons: 1, messagesPerChannel: 1)
        defer { fixture.remove() }
        let target = try PostgresURL(parsing: "postgres://jindou:secret@127.0.0.1:1/none?sslmode=disable")
        let clock = ContinuousClock()
        let started = clock.now
        do {
            _ = try await StoreMigration(
                source: fixture.directory, target: target, options: .init(connectTimeout: .seconds(1)),
                logger: quietLogger
            ).run()
            Issue.record("an unreachable target was accepted")
        } catch {
            guard case .target(let location, let operation, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(operation == "connecting")
            #expect(location == "postgres://jindou:***@127.0.0.1:1/none?sslmode=disable")
            #expect(!error.description.contains("secret"))
        }
        #expect(started.duration(to: clock.now) < .seconds(10))
    }

    @Test("the source's files are the same, byte for byte and mtime, after a migration")
    func sourceUnchanged() async throws {
        guard let url = try await TestPostgres.freshDatabase() else { return }
        let fixture = try await SourceFixture.build(groups: 20, persons: 10, messagesPerChannel: 20)
        defer { fixture.remove() }
        let before = try directoryState(fixture.directory)
        #expect(before.keys.contains(SQLiteStorage.fileName))
        let report = try await StoreMigration(source: fixture.directory, target: url, logger: quietLogger).run()
        #expect(report.verified.messages == 600)
        #expect(try directoryState(fixture.directory) == before)
    }

    @Test("a source that is not a Jindou database at the latest schema is refused")
    func sourceRefusals() async throws {
        let fixture = try await SourceFixture.build(groups: 2, persons: 1, messagesPerChannel: 1)
        defer { fixture.remove() }
        let target = try PostgresURL(parsing: "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable")
        func refusal(_ source: String) async -> MigrationError? {
            do {
                _ = try await StoreMigration(source: source, target: target, logger: quietLogger).run()
                return nil
            } catch {
                return error
            }
        }

        // Missing.
        let missing = await refusal(fixture.directory + "/nowhere")
        #expect(missing.map { if case .sourceMissing = $0 { true } else { false } } == true)

        // Not a database.
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-garbage-\(UUID())").path
        try FileManager.default.createDirectory(atPath: garbage, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        try Data(repeating: 0x42, count: 8_192).write(to: URL(fileURLWithPath: garbage + "/" + SQLiteStorage.fileName))
        let notADatabase = await refusal(garbage)
        #expect(
            notADatabase.map { if case .notJindouDatabase = $0 { true } else { false } } == true,
            "\(String(describing: notADatabase))")

        // A database of something else.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-other-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: other) }
        try await DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        let foreign = await refusal(other)
        #expect(
            foreign.map { if case .notJindouDatabase = $0 { true } else { false } } == true,
            "\(String(describing: foreign))")

        // An older schema, then a newer one.
        let latest = SQLiteStorage.knownMigrations.last!
        let queue = try DatabaseQueue(path: fixture.databasePath)
        try await queue.write {
            try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [latest])
        }
        let outdated = await refusal(fixture.directory)
        #expect(outdated?.description.contains("jindou serve") == true, "\(String(describing: outdated))")
        #expect(outdated.map { if case .sourceSchemaOutdated = $0 { true } else { false } } == true)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO grdb_migrations (identifier) VALUES (?), ('9999-future')", arguments: [latest])
        }
        let newer = await refusal(fixture.directory)
        #expect(newer.map { if case .sourceSchemaNewer(_, ["9999-future"]) = $0 { true } else { false } } == true)
        try queue.close()

        // A bad source argument.
        #expect(throws: MigrationError.self) { try StoreMigration.dataDirectory(of: "/var/lib/jindou") }
        #expect(try StoreMigration.dataDirectory(of: "sqlite:/var/lib/jindou") == "/var/lib/jindou")
        #expect(try StoreMigration.dataDirectory(of: "sqlite:///var/lib/jindou") == "/var/lib/jindou")
    }

    @Test("progress: one redrawn line on a terminal, plain lines at each table and every interval otherwise")
    func progressDisplay() {
        let written = Mutex<[String]>([])
        func progress(_ table: String, _ done: Int) -> MigrationProgress {
            MigrationProgress(
                phase: .copying(table: table), rowsDone: done, rowsTotal: 1_000, messagesDone: 0, batches: 1,
                elapsed: .seconds(2))
        }
        let plain = ProgressDisplay(interactive: false, interval: .seconds(3_600)) { text in
            written.withLock { $0.append(text) }
        }
        plain.update(progress("users", 100))
        plain.update(progress("users", 200))
        plain.update(progress("messages", 500))
        plain.finish()
        let lines = written.withLock { $0 }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
        #expect(lines.last?.contains(" 50.0%") == true && lines.last?.contains("250 rows/s") == true)
        #expect(lines.last?.contains("ETA 0:02") == true && lines.last?.contains("500/1,000 rows") == true)

        written.withLock { $0 = [] }
        let terminal = ProgressDisplay(interactive: true) { text in written.withLock { $0.append(text) } }
        terminal.update(progress("messages", 500))
        terminal.finish()
        let drawn = written.withLock { $0 }
        #expect(drawn.first?.hasPrefix("\r\u{1B}[2K[############------------]") == true, "\(drawn)")
        #expect(drawn.last == "\n")
    }
}

// MARK: - Helpers

/// Runs a migration in a task of its own, cancelling it (as an interruption would) once `stop`
/// holds after a batch.
private func runInterrupted(
    _ migration: StoreMigration, stop: @escaping @Sendable (MigrationProgress) -> Bool
) async -> Result<MigrationReport, MigrationError> {
    let task = Task { () async -> Result<MigrationReport, MigrationError> in
        do throws(MigrationError) {
            return .success(
                try await migration.run { progress in
                    if stop(progress) { withUnsafeCurrentTask { $0?.cancel() } }
                })
        } catch {
            return .failure(error)
        }
    }
    return await task.value
}

private func expectCancelled(
    _ result: Result<MigrationReport, MigrationError>, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case .failure(.cancelled) = result else {
        Issue.record("expected an interrupted copy, got \(result)", sourceLocation: sourceLocation)
        return
    }
}

/// The target holds what the source held, read as tables and through both stores, and new ids
/// continue past the source's.
private func expectFaithfulCopy(_ fixture: SourceFixture, _ url: PostgresURL) async throws {
    try await expectSameContents(fixture, url)
    try await expectSameThroughStores(fixture, url)
    try await expectIdentitiesPastSource(fixture, url)
}

/// Every copied table holds the same rows on both sides, column by column, and each channel's
/// `last_seq` is its last seq in the source (its largest seq, or its seq floor if higher).
private func expectSameContents(_ fixture: SourceFixture, _ url: PostgresURL) async throws {
    let queue = try fixture.openReadOnly()
    defer { try? queue.close() }
    try await withClient(url) { client in
        for table in TableContents.tables {
            let (columns, expected) = try await queue.read { db in
                (try TableContents.columns(of: table, in: db), try TableContents.sqliteRows(table, in: db))
            }
            let found = try await TableContents.postgresRows(table, columns: columns, client: client)
            #expect(!expected.isEmpty, "\(table) has rows to compare")
            #expect(found.count == expected.count, "\(table): row count")
            if let index = zip(expected.indices, found.indices).first(where: { expected[$0] != found[$1] })?.0 {
                Issue.record("\(table) differs: source \(expected[index]) target \(found[index])")
            }
        }
        let expectedLastSeqs = try await queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, max(c.seq_floor, coalesce(max(m.seq), 0))
                    FROM channels c LEFT JOIN messages m ON m.channel_ref = c.id GROUP BY c.id
                    """
            ).map { "\($0[0] as Int64):\($0[1] as Int64)" }.sorted()
        }
        var foundLastSeqs: [String] = []
        for try await (id, lastSeq) in try await client.query("SELECT id, last_seq FROM channels", logger: quietLogger)
            .decode((Int64, Int64).self)
        {
            foundLastSeqs.append("\(id):\(lastSeq)")
        }
        #expect(foundLastSeqs.sorted() == expectedLastSeqs)
    }
}

/// Both stores serve the same state through the storage protocols (messages per channel,
/// conversations per user, channels with their lists, users, devices, system uids, the audit
/// log, activity, the webhook watermark and dead letters), and the target continues each
/// channel's log: a new append gets the next seq and a new, larger id.
private func expectSameThroughStores(_ fixture: SourceFixture, _ url: PostgresURL) async throws {
    let source = try SQLiteStorage(directory: fixture.directory, nodeID: 3, logger: quietLogger)
    let target = try await PostgresStorage.open(url: url, nodeID: 4, poolSize: 4, logger: quietLogger)
    do {
        // Conversations: a set per user (several share an updated_at, whose order is not defined).
        var conversations = 0
        for uid in fixture.users {
            let expected = try await source.conversations(of: uid, limit: 10_000)
            let found = try await target.conversations(of: uid, limit: 10_000)
            conversations += expected.count
            guard Set(expected) == Set(found), expected.count == found.count else {
                Issue.record("conversations of \(uid): source \(expected), target \(found)")
                break
            }
        }
        #expect(conversations > fixture.channels.count)
        #expect(Set(try await source.loadChannels()) == Set(try await target.loadChannels()))
        let expectedUsers = try await source.users(limit: 100_000, after: nil)
        #expect(expectedUsers.count == fixture.users.count)
        #expect(try await target.users(limit: 100_000, after: nil) == expectedUsers)
        for uid in fixture.users.prefix(30) {
            for flag in [DeviceFlag.app, .web] {
                #expect(
                    try await target.deviceToken(uid: uid, deviceFlag: flag)
                        == (try await source.deviceToken(uid: uid, deviceFlag: flag)))
            }
        }
        #expect(try await target.systemUIDs() == (try await source.systemUIDs()))
        let audit = AuditQuery(limit: 1_000)
        #expect(try await target.auditEntries(audit) == (try await source.auditEntries(audit)))
        let byUID = AuditQuery(uid: "quote\"d", limit: 1_000)
        #expect(try await target.auditEntries(byUID).count == 40)
        #expect(
            try await target.lastActivity(of: fixture.users) == (try await source.lastActivity(of: fixture.users)))
        #expect(
            try await target.webhookWatermark(stream: "msg.notify")
                == (try await source.webhookWatermark(stream: "msg.notify")))
        #expect(
            try await target.deadLetters(event: nil, after: 0, limit: 10)
                == (try await source.deadLetters(event: nil, after: 0, limit: 10)))

        let query = MessageQuery(limit: 10_000, newestFirst: false)
        for channel in fixture.channels {
            let expected = try await source.messages(in: channel, query)
            let found = try await target.messages(in: channel, query)
            guard expected == found else {
                Issue.record("\(channel): \(expected.count) messages in the source, \(found.count) in the target")
                break
            }
            #expect(try await target.lastSeq(of: channel) == expected.last?.seq ?? 0)
        }
        let largestID = try await source.lastMessageID()
        for channel in [fixture.groups[0], fixture.persons[0]] {
            let last = try await source.lastSeq(of: channel)
            let outcome = try await target.append(
                AppendRequest(
                    channel: channel, fromUID: "after", clientMsgNo: "", payload: [7], timestamp: 1_800_000_000))
            guard case .stored(let message) = outcome else {
                Issue.record("the append after the migration was not stored: \(outcome)")
                continue
            }
            #expect(message.seq == last + 1)
            #expect(message.messageID > largestID)
        }
        // A client_msg_no stored before the migration is still deduplicated.
        let original = try await source.messages(in: fixture.groups[0], MessageQuery(limit: 3, newestFirst: false))
            .first { !$0.clientMsgNo.isEmpty }!
        let again = try await target.append(
            AppendRequest(
                channel: fixture.groups[0], fromUID: original.fromUID, clientMsgNo: original.clientMsgNo,
                payload: original.payload, timestamp: 1_800_000_000))
        guard case .duplicate(let duplicate) = again else {
            Issue.record("a copied client_msg_no was not deduplicated: \(again)")
            await source.close()
            await target.close()
            return
        }
        #expect(duplicate == original)
    } catch {
        await source.close()
        await target.close()
        throw error
    }
    await source.close()
    await target.close()
}

/// New rows on the target get ids above every id the source handed out (deleted dead letters and
/// channels included).
private func expectIdentitiesPastSource(_ fixture: SourceFixture, _ url: PostgresURL) async throws {
    let queue = try fixture.openReadOnly()
    let (maxChannel, maxAudit, deadLetterHighWater, maxDeadLetter) = try await queue.read { db in
        (
            try Int64.fetchOne(db, sql: "SELECT max(id) FROM channels") ?? 0,
            try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit_log") ?? 0,
            try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'webhook_dead_letters'") ?? 0,
            try Int64.fetchOne(db, sql: "SELECT max(id) FROM webhook_dead_letters") ?? 0
        )
    }
    try queue.close()
    #expect(deadLetterHighWater > maxDeadLetter, "the fixture removed the newest dead letter")
    try await withClient(url) { client in
        let channel = try await scalar(
            client, "INSERT INTO channels (channel_id, channel_type, created_at) VALUES ('new', 2, 0) RETURNING id")
        #expect(channel > maxChannel)
        let audit = try await scalar(
            client,
            """
            INSERT INTO audit_log (time, actor, client_ip, user_agent, action, uids, channel_id, channel_type, reason,
                                   before, after)
            VALUES (0, 'a', '', '', 'x', '{}', '', 0, '', '{}', '{}') RETURNING id
            """)
        #expect(audit == maxAudit + 1)
        let letter = try await scalar(
            client,
            """
            INSERT INTO webhook_dead_letters (event, event_id, body, item_count, first_attempt_at, dead_at, attempts,
                                              last_error)
            VALUES ('e', 'i', '', 1, 0, 0, 1, '') RETURNING id
            """)
        #expect(letter == deadLetterHighWater + 1)
    }
}

/// The SHA-256 and modification time of each file of a data directory: the database and its
/// write-ahead log (whatever the store left in it). The `-shm` index is left out: every reader,
/// read-only ones included, takes its read locks there.
private func directoryState(_ directory: String) throws -> [String: String] {
    var state: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasSuffix("-shm") {
        let path = directory + "/" + name
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        state[name] = "\(SHA256.hash(data: data)) \(modified?.timeIntervalSince1970 ?? 0)"
    }
    return state
}
