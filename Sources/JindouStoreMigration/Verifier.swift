import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO

/// How the target differs from the source: the first difference found.
package enum VerificationMismatch: Sendable, Hashable, CustomStringConvertible {
    /// A table has a different number of rows.
    case rowCount(table: String, source: Int, target: Int)
    /// A channel's messages differ (count, last seq or content).
    case channel(name: String, detail: String)

    package var description: String {
        switch self {
        case .rowCount(let table, let source, let target):
            "\(table) has \(grouped(source)) rows in the source but \(grouped(target)) in the target"
        case .channel(let name, let detail):
            "channel \(name): \(detail)"
        }
    }
}

/// What the verification checked.
package struct VerificationSummary: Sendable, Hashable {
    package var tables: Int
    package var rows: Int
    package var channels: Int
    package var messages: Int
}

/// Compares the target with the source: row counts per table, then per channel the message
/// count, the largest seq, a checksum of every message in seq order (both sides computed here by
/// streaming their rows) and the target's `last_seq` counter against the source's last seq (the
/// largest seq, or the seq floor a purge left if higher).
struct Verifier {
    let source: SourceDatabase
    let target: TargetDatabase
    let logger: Logger

    /// The checked totals, or the first mismatch.
    func run(tables: [CopiedTable]) async throws(MigrationError) -> VerificationSummary {
        var rows = 0
        for table in tables {
            let sourceCount = try await source.count(table)
            let targetCount = try await target.count(table.name)
            guard sourceCount == targetCount else {
                throw .verificationFailed(.rowCount(table: table.name, source: sourceCount, target: targetCount))
            }
            rows += sourceCount
        }

        // Both sides at once: each is one long read.
        async let sourceSide = capture { () async throws(MigrationError) in try await streamSourceDigests() }
        let targetSide = await capture { () async throws(MigrationError) in try await streamTargetDigests() }
        let sourceDigests = try await sourceSide.get()
        let targetDigests = try targetSide.get()
        let lastSeqs = try await target.channelLastSeqs()
        let names = try await source.channelNames()
        let floors = try await source.channelSeqFloors()

        // Every channel row (equal counts of channels were checked above) and every channel_ref.
        let refs = Set(names.keys).union(lastSeqs.keys).union(sourceDigests.keys).union(targetDigests.keys).sorted()
        for ref in refs {
            let name = names[ref] ?? "row \(ref)"
            let expected = sourceDigests[ref]
            let found = targetDigests[ref]
            let expectedCount = expected?.count ?? 0
            let expectedLast = expected?.lastSeq ?? 0
            let foundCount = found?.count ?? 0
            let foundLast = found?.lastSeq ?? 0
            guard expectedCount == foundCount, expectedLast == foundLast else {
                throw .verificationFailed(
                    .channel(
                        name: name,
                        detail:
                            "the source has \(grouped(expectedCount)) messages up to seq \(expectedLast), "
                            + "the target \(grouped(foundCount)) up to seq \(foundLast)"))
            }
            guard expected?.checksum == found?.checksum else {
                throw .verificationFailed(
                    .channel(
                        name: name,
                        detail: "the messages' content differs (checksum of seq, id, sender, client_msg_no, payload)"))
            }
            if names[ref] != nil {
                guard let lastSeq = lastSeqs[ref] else {
                    throw .verificationFailed(.channel(name: name, detail: "the target has no row for the channel"))
                }
                let expectedLastSeq = max(expectedLast, floors[ref] ?? 0)
                guard lastSeq == expectedLastSeq else {
                    throw .verificationFailed(
                        .channel(
                            name: name,
                            detail:
                                "the target's last_seq is \(lastSeq) but the source's last seq is "
                                + "\(expectedLastSeq) (its last message has seq \(expectedLast))"))
                }
            }
        }
        return VerificationSummary(
            tables: tables.count, rows: rows, channels: names.count,
            messages: sourceDigests.values.reduce(0) { $0 + $1.count })
    }

    static let messagesInChannelOrder = """
        SELECT channel_ref, seq, message_id, from_uid, client_msg_no, payload FROM messages ORDER BY channel_ref, seq
        """

    /// The source's digests, streamed in one read transaction.
    private func streamSourceDigests() async throws(MigrationError) -> [Int64: ChannelDigest] {
        try await source.read("checksumming the messages") { db in
            var digester = ChannelDigester()
            let rows = try Row.fetchCursor(db, sql: Self.messagesInChannelOrder)
            while let row = try rows.next() {
                let channelRef = try row.decode(Int64.self, atIndex: 0)
                let seq = try row.decode(Int64.self, atIndex: 1)
                let messageID = try row.decode(Int64.self, atIndex: 2)
                let fromUID = try row.decode(String.self, atIndex: 3)
                let clientMsgNo = try row.decode(String.self, atIndex: 4)
                try row.withUnsafeData(atIndex: 5) { data in
                    (data ?? Data()).withUnsafeBytes { payload in
                        digester.add(
                            channelRef: channelRef, seq: seq, messageID: messageID, fromUID: fromUID,
                            clientMsgNo: clientMsgNo, payload: payload)
                    }
                }
            }
            return digester.finish()
        }
    }

    /// The target's digests, streamed on one connection.
    private func streamTargetDigests() async throws(MigrationError) -> [Int64: ChannelDigest] {
        try await target.withConnection("checksumming the messages") { connection in
            var digester = ChannelDigester()
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.messagesInChannelOrder), logger: logger)
            for try await (channelRef, seq, messageID, fromUID, clientMsgNo, payload) in rows.decode(
                (Int64, Int64, Int64, String, String, ByteBuffer).self)
            {
                payload.withUnsafeReadableBytes { bytes in
                    digester.add(
                        channelRef: channelRef, seq: seq, messageID: messageID, fromUID: fromUID,
                        clientMsgNo: clientMsgNo, payload: bytes)
                }
            }
            return digester.finish()
        }
    }
}
