/// `messages.client_msg_no_hash`: 64-bit FNV-1a of a client_msg_no's UTF-8 bytes, as a signed
/// SQLite integer; nil (no deduplication) for an empty client_msg_no.
///
/// The value is stored on disk, so this function must never change. The unique index over
/// (channel_ref, client_msg_no_hash, from_uid) lets the insert itself detect a repeated
/// (from_uid, client_msg_no) with no separate lookup, serves lookups by (channel_ref,
/// client_msg_no), and is about half the size of one over the text (client_msg_nos are typically
/// 32–36 character UUIDs). A collision of two different client_msg_nos from one sender in one
/// channel (odds about n²/2⁶⁵ for n such messages) is detected by comparing the stored text; the
/// newcomer is then stored without a hash.
enum DedupHash {
    static func of(clientMsgNo: String) -> Int64? {
        guard !clientMsgNo.isEmpty else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in clientMsgNo.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}
