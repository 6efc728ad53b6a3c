/// A registered user: created by `POST /users` or implicitly by its first `/user/token`.
package struct UserRecord: Sendable, Hashable {
    package var uid: String
    /// A stable random identifier (Easemob's `uuid`).
    package var uuid: String
    package var nickname: String
    /// Unix milliseconds.
    package var createdAt: Int64
    package var modifiedAt: Int64

    package init(uid: String, uuid: String, nickname: String, createdAt: Int64, modifiedAt: Int64) {
        self.uid = uid
        self.uuid = uuid
        self.nickname = nickname
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }
}

/// What deleting a user removed, for the audit trail and the in-memory views.
package struct UserDeletion: Sendable, Hashable {
    package var user: UserRecord
    /// Every (channel, list) the uid was removed from.
    package var memberships: [ChannelKey: [MemberList]]
    /// Channels the user owned, deleted with everything in them.
    package var ownedChannels: [ChannelKey]
    /// Counts per kind of removed thing (`devices`, `memberships`, `conversations`,
    /// `person_channels`, `person_messages`, `owned_channels`, `owned_channel_messages`,
    /// `purged_messages`, `system_uid`).
    package var counts: [String: Int]

    package init(
        user: UserRecord, memberships: [ChannelKey: [MemberList]], ownedChannels: [ChannelKey], counts: [String: Int]
    ) {
        self.user = user
        self.memberships = memberships
        self.ownedChannels = ownedChannels
        self.counts = counts
    }
}

/// Easemob's username rules: 1–64 bytes of `[a-zA-Z0-9_.-]`.
package enum UsernameRules {
    package static let maxLength = 64

    package static func isValid(_ username: String) -> Bool {
        !username.isEmpty && username.utf8.count <= maxLength
            && username.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x5F || byte == 0x2E || byte == 0x2D
            }
    }
}
