import NIOCore

/// The RECVs a connection wrote and has not seen acknowledged: resent with the same bytes after
/// the retry interval a bounded number of times, and bounded in count and in bytes (a reader past
/// either is a slow consumer). A value: the caller passes the time.
struct UnacknowledgedRecvs {
    /// A RECV waiting for its RECVACK.
    private struct Entry {
        var bytes: ByteBuffer
        var sentAt: NIODeadline
        var attempts: Int
    }

    /// The RECVs due again, and the ones given up, at one housekeeping tick.
    struct Redelivery {
        /// The bytes to write again.
        var resend: [ByteBuffer] = []
        /// The message ids resent `limit` times already, now forgotten (the client re-syncs).
        var givenUp: [Int64] = []
    }

    /// The most unacknowledged RECVs a connection may hold.
    static let maxCount = 10_000

    /// The most bytes of unacknowledged RECVs a connection may hold.
    let maxBytes: Int
    private var entries: [Int64: Entry] = [:]
    /// The bytes of the RECVs held, counted by capacity: what the buffers hold in memory, not only
    /// what they carry.
    private(set) var bytes = 0

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// How many RECVs are waiting for their RECVACK.
    var count: Int { entries.count }

    /// Whether holding one more RECV of `recv`'s size passes a limit.
    func isFull(adding recv: ByteBuffer) -> Bool {
        entries.count >= Self.maxCount || bytes + recv.capacity > maxBytes
    }

    /// Holds a RECV written at `now` until it is acknowledged (replacing an earlier one of the
    /// same message).
    mutating func insert(_ recv: ByteBuffer, messageID: Int64, now: NIODeadline) {
        if let replaced = entries.updateValue(Entry(bytes: recv, sentAt: now, attempts: 0), forKey: messageID) {
            bytes -= replaced.bytes.capacity
        }
        bytes += recv.capacity
    }

    /// The client acknowledged the RECV of `messageID`.
    mutating func acknowledge(_ messageID: Int64) {
        if let acknowledged = entries.removeValue(forKey: messageID) {
            bytes -= acknowledged.bytes.capacity
        }
    }

    /// The RECVs sent `interval` or longer before `now`: each is resent, unless it was resent
    /// `limit` times already, and is then given up.
    mutating func redeliver(now: NIODeadline, interval: TimeAmount, limit: Int) -> Redelivery {
        var redelivery = Redelivery()
        for (messageID, var entry) in entries where now - entry.sentAt >= interval {
            if entry.attempts >= limit {
                entries.removeValue(forKey: messageID)
                bytes -= entry.bytes.capacity
                redelivery.givenUp.append(messageID)
                continue
            }
            entry.attempts += 1
            entry.sentAt = now
            entries[messageID] = entry
            redelivery.resend.append(entry.bytes)
        }
        return redelivery
    }

    /// Forgets every RECV (the connection closed).
    mutating func removeAll() {
        entries = [:]
        bytes = 0
    }
}
