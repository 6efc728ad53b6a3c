/// The `messages.dedup_hash` of an append: 64-bit FNV-1a over the UTF-8 bytes of its from_uid, a
/// 0xFF separator (a byte UTF-8 never uses) and its client_msg_no, as a signed SQLite integer;
/// nil (no deduplication) when the client_msg_no is empty.
///
/// The value is stored on disk, so this function must never change. A unique index over
/// (channel_ref, dedup_hash) lets the insert itself detect a repeated (from_uid, client_msg_no)
/// with no separate lookup, and keeps the index about three times smaller than one over the text
/// (client_msg_nos are typically 32–36 character UUIDs). A hash collision between two different
/// pairs in the same channel (odds about n²/2⁶⁵ for a channel of n messages) is detected by
/// comparing the stored pair; the newcomer is then stored without a dedup hash.
enum DedupHash {
    static func of(fromUID: String, clientMsgNo: String) -> Int64? {
        guard !clientMsgNo.isEmpty else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        for byte in fromUID.utf8 { mix(byte) }
        mix(0xFF)
        for byte in clientMsgNo.utf8 { mix(byte) }
        return Int64(bitPattern: hash)
    }
}
