/// The flags and attributes of a channel, as set by `POST /channel`.
public struct ChannelInfo: Sendable, Hashable {
    /// Nobody may send (reason 19).
    public var ban: Bool
    /// The channel was disbanded (reason 24).
    public var disband: Bool
    /// Only system users may send (reason 25 for others).
    public var sendBan: Bool
    /// A large group (kept for compatibility; it changes nothing here).
    public var large: Bool
    /// Strangers may message this person channel.
    public var allowStranger: Bool
    /// A system channel: only system users may send (reason 11 for others).
    public var system: Bool
    /// The uid that owns the channel ("" when none was recorded).
    public var owner: String

    public init(
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
