/// The three uid lists a channel keeps.
package enum MemberList: Int, Sendable, Hashable, CaseIterable {
    /// Members who receive the channel's messages and may send to it.
    case subscribers = 0
    /// The allowlist ("whitelist"); when non-empty only its members may send.
    case allowlist = 1
    /// The denylist ("blacklist"); its members may not send.
    case denylist = 2
}
