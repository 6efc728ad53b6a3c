/// The rules for person (1:1) channel ids.
///
/// A client addresses a person channel by the peer's uid. Internally the channel of users A and B
/// is `X@Y`, where X is the uid whose CRC-32 (IEEE) of its UTF-8 bytes is larger; on a tie the
/// lexicographically larger uid goes first.
///
/// Splitting an id happens for every message and every RECV, so it scans UTF-8 bytes (`@` is
/// ASCII and never part of another character's encoding; uids may not contain it, see
/// ``IdentifierRules``) and, where the caller already holds one member's uid, hands back that
/// string instead of copying the same characters into a new one.
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
    ///
    /// - Parameter known: a uid the caller already holds (the sender, say); a member equal to it
    ///   is returned as that string rather than a copy.
    package static func members(of channelID: String, reusing known: String? = nil) -> (String, String)? {
        guard let (first, second) = split(channelID) else { return nil }
        return (string(first, reusing: known), string(second, reusing: known))
    }

    /// The member of `channelID` that is not `uid`, or nil if `uid` is not a member.
    ///
    /// - Parameter known: as in ``members(of:reusing:)``; for a RECV the peer is usually the sender.
    package static func peer(of uid: String, in channelID: String, reusing known: String? = nil) -> String? {
        guard let (first, second) = split(channelID) else { return nil }
        if first == uid { return string(second, reusing: known) }
        if second == uid { return string(first, reusing: known) }
        return nil
    }

    /// True when `uid` is one of the two members of the person channel `channelID`.
    package static func isMember(_ uid: String, of channelID: String) -> Bool {
        guard let (first, second) = split(channelID) else { return false }
        return first == uid || second == uid
    }

    /// The two non-empty sides of the only `@` in `channelID`, without copying them.
    private static func split(_ channelID: String) -> (Substring, Substring)? {
        let at = UInt8(ascii: "@")
        guard let index = channelID.utf8.firstIndex(of: at) else { return nil }
        let first = channelID[..<index]
        let second = channelID[channelID.utf8.index(after: index)...]
        guard !first.isEmpty, !second.isEmpty, !second.utf8.contains(at) else { return nil }
        return (first, second)
    }

    /// `part` as a string: `known` itself when it has the same bytes (not merely the same
    /// characters: a differently normalised spelling stays as the id spells it).
    private static func string(_ part: Substring, reusing known: String?) -> String {
        guard var known else { return String(part) }
        var part = part
        // Both are contiguous UTF-8 (native strings): compare the bytes in place.
        let same = part.withUTF8 { partBytes in known.withUTF8 { partBytes.elementsEqual($0) } }
        return same ? known : String(part)
    }
}
