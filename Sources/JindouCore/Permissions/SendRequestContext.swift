/// What the send-permission rules look at for one message.
package struct SendRequestContext: Sendable {
    /// The sender's uid.
    package var sender: String
    /// The sender is `____system` or in the system uid list.
    package var senderIsSystem: Bool
    /// The sender's own person channel `(sender, 1)`, which carries its ban and send_ban flags.
    package var senderChannel: ChannelState?
    /// The channel written to (internal id).
    package var channel: ChannelKey
    /// The channel's state, nil if it does not exist. Not used for person channels.
    package var channelState: ChannelState?
    /// For person channels: the recipient's uid.
    package var recipient: String?
    /// For person channels: the recipient is a system user.
    package var recipientIsSystem: Bool
    /// For person channels: the recipient's own person channel `(recipient, 1)` with its lists.
    package var recipientChannel: ChannelState?
    /// When false, person channels enforce the recipient's allowlist (a friend list).
    package var ignoresPersonAllowlist: Bool

    package init(
        sender: String, senderIsSystem: Bool, senderChannel: ChannelState?, channel: ChannelKey,
        channelState: ChannelState?, recipient: String? = nil, recipientIsSystem: Bool = false,
        recipientChannel: ChannelState? = nil, ignoresPersonAllowlist: Bool = true
    ) {
        self.sender = sender
        self.senderIsSystem = senderIsSystem
        self.senderChannel = senderChannel
        self.channel = channel
        self.channelState = channelState
        self.recipient = recipient
        self.recipientIsSystem = recipientIsSystem
        self.recipientChannel = recipientChannel
        self.ignoresPersonAllowlist = ignoresPersonAllowlist
    }
}
