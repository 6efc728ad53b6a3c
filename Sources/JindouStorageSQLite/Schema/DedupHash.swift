/// The `messages.dedup_hash` of a client_msg_no: 64-bit FNV-1a of its UTF-8 bytes, as a signed
/// SQLite integer.
///
/// The value is stored on disk, so this function must never change. An 8-byte integer keeps the
/// deduplication index several times smaller than one over the text (client_msg_nos are
/// typically 32–36 character UUIDs); lookups still compare the full client_msg_no, so hash
/// collisions cost a row read, never a wrong answer.
enum DedupHash {
    static func of(_ clientMsgNo: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in clientMsgNo.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}
