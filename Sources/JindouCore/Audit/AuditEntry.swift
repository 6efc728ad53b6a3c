/// One record of the audit trail: who changed which privilege, from where, and the state before
/// and after.
package struct AuditEntry: Sendable, Hashable {
    /// Assigned by the store (0 before the entry is stored); grows with every entry.
    package var id: Int64
    /// Unix milliseconds.
    package var time: Int64
    /// The API token's name (`open` when the API runs without tokens).
    package var actor: String
    package var clientIP: String
    package var userAgent: String
    package var action: AuditAction
    /// The uids the change is about.
    package var uids: [String]
    /// The channel the change is about ("" and 0 when none).
    package var channelID: String
    package var channelType: UInt8
    /// Why, as the caller said (`reason` field or `X-Audit-Reason` header); "" when not given.
    package var reason: String
    /// JSON objects describing the affected state before and after the change.
    package var before: String
    package var after: String

    package init(
        id: Int64 = 0, time: Int64, actor: String, clientIP: String, userAgent: String, action: AuditAction,
        uids: [String] = [], channelID: String = "", channelType: UInt8 = 0, reason: String = "", before: String = "{}",
        after: String = "{}"
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.action = action
        self.uids = uids
        self.channelID = channelID
        self.channelType = channelType
        self.reason = reason
        self.before = before
        self.after = after
    }
}

/// The privilege changes the audit trail records.
package struct AuditAction: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    package var rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }

    package static let systemUIDsAdd = AuditAction(rawValue: "systemuids_add")
    package static let systemUIDsRemove = AuditAction(rawValue: "systemuids_remove")
    package static let systemUIDsAddToCache = AuditAction(rawValue: "systemuids_add_to_cache")
    package static let systemUIDsRemoveFromCache = AuditAction(rawValue: "systemuids_remove_from_cache")
    package static let channelFlags = AuditAction(rawValue: "channel_flags")
    package static let deviceQuit = AuditAction(rawValue: "device_quit")
    package static let connectionKick = AuditAction(rawValue: "conn_kick")
    package static let connectionRemove = AuditAction(rawValue: "conn_remove")
    package static let userBan = AuditAction(rawValue: "user_ban")
    package static let userUnban = AuditAction(rawValue: "user_unban")
    package static let userDelete = AuditAction(rawValue: "user_delete")
    package static let userDisconnect = AuditAction(rawValue: "user_disconnect")

    /// `whitelist_add`, `blacklist_remove_all`, …: a change of a channel's allow or deny list.
    package static func list(_ list: MemberList, _ operation: String) -> AuditAction {
        AuditAction(
            rawValue:
                "\(list == .allowlist ? "whitelist" : list == .denylist ? "blacklist" : "subscribers")_\(operation)")
    }

    package var description: String { rawValue }
}
