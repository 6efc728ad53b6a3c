/// How many messages of a conversation are unread, from seq cursors alone.
///
/// `unread = last − read`, except that a user has read everything up to its own latest message:
/// if it sent seq `U` after its read cursor, everything up to `U` counts as read.
package enum UnreadRule {
    /// The effective read cursor and the unread count.
    /// - Parameters:
    ///   - lastSeq: the channel's last stored seq.
    ///   - readSeq: the user's read cursor.
    ///   - ownLastSeq: the seq of the user's own latest message in the channel, 0 if none is known.
    package static func evaluate(
        lastSeq: UInt64, readSeq: UInt64, ownLastSeq: UInt64
    ) -> (readSeq: UInt64, unread: UInt64) {
        let read = min(lastSeq, max(readSeq, ownLastSeq))
        return (read, lastSeq - read)
    }

    /// The read cursor that leaves `unread` messages unread (`/conversations/setUnread`); an
    /// `unread` larger than the log marks the whole log unread.
    package static func readSeq(forUnread unread: Int, lastSeq: UInt64) -> UInt64 {
        guard unread > 0 else { return lastSeq }
        return UInt64(unread) >= lastSeq ? 0 : lastSeq - UInt64(unread)
    }
}
