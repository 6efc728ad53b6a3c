/// The rules for person (1:1) channel ids.
///
/// A client addresses a person channel by the peer's uid. Internally the channel of users A and B
/// is `X@Y`, where X is the uid whose CRC-32 (IEEE) of its UTF-8 bytes is larger; on a tie the
/// lexicographically larger uid goes first.
package enum PersonChannel {
    /// The internal channel id shared by `a` and `b`.
    package static func id(between a: String, and b: String) -> String {
        let crcA = CRC32.checksum(a.utf8)
        let crcB = CRC32.checksum(b.utf8)
        if crcA > crcB || (crcA == crcB && a > b) {
            return "\(a)@\(b)"
        }
        return "\(b)@\(a)"
    }

    /// The two uids of an internal person channel id, or nil if it is not of the `X@Y` form.
    package static func members(of channelID: String) -> (String, String)? {
        guard let at = channelID.firstIndex(of: "@") else { return nil }
        let first = String(channelID[..<at])
        let second = String(channelID[channelID.index(after: at)...])
        guard !first.isEmpty, !second.isEmpty, !second.contains("@") else { return nil }
        return (first, second)
    }

    /// The member of `channelID` that is not `uid`, or nil if `uid` is not a member.
    package static func peer(of uid: String, in channelID: String) -> String? {
        guard let (first, second) = members(of: channelID) else { return nil }
        if first == uid { return second }
        if second == uid { return first }
        return nil
    }
}
