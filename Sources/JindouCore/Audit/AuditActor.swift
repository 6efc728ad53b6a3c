/// Who is making a change, as the audit trail records it.
package struct AuditActor: Sendable, Hashable {
    /// The API token's name.
    package var name: String
    package var clientIP: String
    package var userAgent: String
    /// Why, as the caller said; "" when not given.
    package var reason: String

    package init(name: String, clientIP: String, userAgent: String, reason: String) {
        self.name = name
        self.clientIP = clientIP
        self.userAgent = userAgent
        self.reason = reason
    }

    /// An entry for an action of this actor, stamped with the current time.
    package func entry(
        _ action: AuditAction, uids: [String] = [], channel: ChannelKey? = nil, before: String = "{}",
        after: String = "{}"
    ) -> AuditEntry {
        AuditEntry(
            time: WallClock.nowMilliseconds(), actor: name, clientIP: clientIP, userAgent: userAgent, action: action,
            uids: uids, channelID: channel?.id ?? "", channelType: channel?.type.rawValue ?? 0, reason: reason,
            before: before, after: after)
    }
}
