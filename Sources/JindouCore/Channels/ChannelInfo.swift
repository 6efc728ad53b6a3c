/// The flags and attributes of a channel, as set by `POST /channel`.
package struct ChannelInfo: Sendable, Hashable {
    /// Nobody may send (reason 19).
    package var ban: Bool
    /// The channel was disbanded (reason 24).
    package var disband: Bool
    /// Only system users may send (reason 25 for others).
    package var sendBan: Bool
    /// A large group (kept for compatibility; it changes nothing here).
    package var large: Bool
    /// Strangers may message this person channel.
    package var allowStranger: Bool
    /// A system channel: only system users may send (reason 11 for others).
    package var system: Bool
    /// The uid that owns the channel ("" when none was recorded).
    package var owner: String

    package init(
        ban: Bool = false, disband: Bool = false, sendBan: Bool = false, large: Bool = false,
        allowStranger: Bool = false, system: Bool = false, owner: String = ""
    ) {
        self.ban = ban
        self.disband = disband
        self.sendBan = sendBan
        self.large = large
        self.allowStranger = allowStranger
        self.system = system
        self.owner = owner
    }
}
