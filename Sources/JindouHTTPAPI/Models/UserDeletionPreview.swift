import Hummingbird
import JindouCore

/// The answer of `DELETE /users/{username}?dry_run=true`: what deleting the user would remove
/// now, counted by running the cascade in a transaction that is rolled back. Nothing changes.
struct UserDeletionPreview: ResponseEncodable {
    /// One channel list the user would be taken off.
    struct Membership: Encodable, Sendable {
        var channelID: String
        var channelType: UInt8
        /// `subscribers`, `allowlist` or `denylist`.
        var lists: [String]
    }

    var dryRun = true
    var username: String
    var purgeMessages: Bool
    /// Counts per kind (`devices`, `memberships`, `conversations`, `person_channels`,
    /// `person_messages`, `owned_channels`, `owned_channel_messages`, `purged_messages`,
    /// `system_uid`); every kind is present, 0 when nothing of it would go.
    var counts: [String: Int]
    /// Channels the user owns, deleted whole.
    var ownedChannels: [String]
    var memberships: [Membership]
    /// Live connections that would be closed.
    var connections: Int

    /// Every kind of thing a deletion counts.
    static let kinds = [
        "devices", "memberships", "conversations", "person_channels", "person_messages", "owned_channels",
        "owned_channel_messages", "purged_messages", "system_uid",
    ]

    init(_ deletion: UserDeletion, purgeMessages: Bool, connections: Int) {
        username = deletion.user.uid
        self.purgeMessages = purgeMessages
        var counts = Dictionary(uniqueKeysWithValues: Self.kinds.map { ($0, 0) })
        counts.merge(deletion.counts) { $1 }
        self.counts = counts
        ownedChannels = deletion.ownedChannels.map(\.id).sorted()
        memberships = deletion.memberships
            .map { key, lists in
                Membership(
                    channelID: key.id, channelType: key.type.rawValue, lists: lists.map(Self.name).sorted())
            }
            .sorted { ($0.channelID, $0.channelType) < ($1.channelID, $1.channelType) }
        self.connections = connections
    }

    private static func name(_ list: MemberList) -> String {
        switch list {
        case .subscribers: "subscribers"
        case .allowlist: "allowlist"
        case .denylist: "denylist"
        }
    }
}
