import Crypto

/// What the verification compares for each channel: how many messages it has, its largest seq,
/// and a SHA-256 over (seq, message_id, from_uid, client_msg_no, payload) of every message in
/// seq order.
struct ChannelDigest: Sendable, Hashable {
    var count: Int
    var lastSeq: Int64
    var checksum: SHA256Digest
}

/// Builds ``ChannelDigest``s from a stream of messages ordered by (channel_ref, seq), holding
/// one running hash at a time.
struct ChannelDigester {
    private(set) var digests: [Int64: ChannelDigest] = [:]
    private var channel: Int64?
    private var hasher = SHA256()
    private var count = 0
    private var lastSeq: Int64 = 0

    /// Adds the next message. Fields are length-prefixed, so no two different messages hash the
    /// same bytes.
    mutating func add(
        channelRef: Int64, seq: Int64, messageID: Int64, fromUID: String, clientMsgNo: String,
        payload: UnsafeRawBufferPointer
    ) {
        if channel != channelRef {
            finishChannel()
            channel = channelRef
        }
        update(seq)
        update(messageID)
        update(fromUID)
        update(clientMsgNo)
        update(Int64(payload.count))
        hasher.update(bufferPointer: payload)
        count += 1
        lastSeq = max(lastSeq, seq)
    }

    /// The digests of every channel seen.
    mutating func finish() -> [Int64: ChannelDigest] {
        finishChannel()
        return digests
    }

    private mutating func finishChannel() {
        guard let channel else { return }
        digests[channel] = ChannelDigest(count: count, lastSeq: lastSeq, checksum: hasher.finalize())
        self.channel = nil
        hasher = SHA256()
        count = 0
        lastSeq = 0
    }

    private mutating func update(_ value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { hasher.update(bufferPointer: $0) }
    }

    private mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            update(Int64(bytes.count))
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
    }
}
