/// A user's stored cursor into one channel: what it has read and what it has hidden.
///
/// Unread counts are never stored: they are derived from the channel's last seq and these
/// cursors (see ``UnreadRule``), so they cannot drift from the messages.
package struct ConversationRecord: Sendable, Hashable {
    package var uid: String
    /// The channel, with the internal `X@Y` id for person channels.
    package var channel: ChannelKey
    /// Messages up to this seq are read.
    package var readSeq: UInt64
    /// The conversation was deleted at this seq: it stays hidden until a newer message arrives.
    package var deletedSeq: UInt64
    /// Unix milliseconds of the last change of the cursors.
    package var updatedAt: Int64

    package init(uid: String, channel: ChannelKey, readSeq: UInt64, deletedSeq: UInt64 = 0, updatedAt: Int64 = 0) {
        self.uid = uid
        self.channel = channel
        self.readSeq = readSeq
        self.deletedSeq = deletedSeq
        self.updatedAt = updatedAt
    }
}
