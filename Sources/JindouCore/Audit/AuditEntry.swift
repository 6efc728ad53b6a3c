/// One record of the audit trail: who changed which privilege, from where, and the state before
/// and after.
public struct AuditEntry: Sendable, Hashable {
    /// Assigned by the store (0 before the entry is stored); grows with every entry.
    public var id: Int64
    /// Unix milliseconds.
    public var time: Int64
    /// The API token's name (`open` when the API runs without tokens).
    public var actor: String
    public var clientIP: String
    public var userAgent: String
    public var action: AuditAction
    /// The uids the change is about.
    public var uids: [String]
    /// The channel the change is about ("" and 0 when none).
    public var channelID: String
    public var channelType: UInt8
    /// Why, as the caller said (`reason` field or `X-Audit-Reason` header); "" when not given.
    public var reason: String
    /// JSON objects describing the affected state before and after the change.
    public var before: String
    public var after: String

    public init(
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
public struct AuditAction: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let systemUIDsAdd = AuditAction(rawValue: "systemuids_add")
    public static let systemUIDsRemove = AuditAction(rawValue: "systemuids_remove")
    public static let systemUIDsAddToCache = AuditAction(rawValue: "systemuids_add_to_cache")
    public static let systemUIDsRemoveFromCache = AuditAction(rawValue: "systemuids_remove_from_cache")
    public static let channelFlags = AuditAction(rawValue: "channel_flags")
    public static let deviceQuit = AuditAction(rawValue: "device_quit")
    public static let connectionKick = AuditAction(rawValue: "conn_kick")
    public static let connectionRemove = AuditAction(rawValue: "conn_remove")
    public static let userBan = AuditAction(rawValue: "user_ban")
    public static let userUnban = AuditAction(rawValue: "user_unban")
    public static let userDelete = AuditAction(rawValue: "user_delete")
    public static let userDisconnect = AuditAction(rawValue: "user_disconnect")

    /// `whitelist_add`, `blacklist_remove_all`, …: a change of a channel's allow or deny list.
    public static func list(_ list: MemberList, _ operation: String) -> AuditAction {
        AuditAction(rawValue: "\(list == .allowlist ? "whitelist" : list == .denylist ? "blacklist" : "subscribers")_\(operation)")
    }

    public var description: String { rawValue }
}
