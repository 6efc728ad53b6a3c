import JindouCore

/// Turns the channel a caller names into the stored channel.
///
/// Backends name a person channel by the peer's uid and say whose view it is (`login_uid`, or
/// the conversation's `uid`); the store keys it by the internal `X@Y` id. Where v2 accepts the
/// internal id itself, so do we.
enum ChannelAddress {
    /// The stored channel for `channelID`/`channelType` as seen by `viewer`.
    /// - Parameters:
    ///   - viewerField: the request field `viewer` came from, for the error message.
    ///   - acceptInternalPersonID: whether `X@Y` is accepted for person channels without a viewer.
    static func resolve(
        channelID: String?, channelType: UInt8?, viewer: String?, viewerField: String = "login_uid",
        acceptInternalPersonID: Bool = false
    ) throws -> ChannelKey {
        guard let channelID, !channelID.isEmpty else { throw APIError.badRequest("Channel ID cannot be empty") }
        let type = try Validation.channelType(channelType)
        // A viewer given for another kind of channel is not needed, but must still be a uid.
        if let viewer, !viewer.isEmpty { _ = try Validation.uid(viewer, field: viewerField) }
        guard type == .person else {
            return ChannelKey(id: try Validation.channelID(channelID), type: type)
        }
        if acceptInternalPersonID, PersonChannel.members(of: channelID) != nil, viewer?.isEmpty ?? true {
            return ChannelKey(id: channelID, type: .person)
        }
        let viewer = try Validation.uid(viewer, field: viewerField)
        // The peer is held to the channel id rules the document states for every channel type: a
        // peer longer than a uid may be is no user, and finds nothing (a 404 or an empty page).
        let peer = try Validation.channelID(channelID)
        return ChannelKey(id: PersonChannel.id(between: viewer, and: peer), type: .person)
    }

    /// How `viewer` names a stored channel: the peer's uid for person channels.
    static func displayID(of channel: ChannelKey, for viewer: String) -> String {
        guard channel.type == .person else { return channel.id }
        return PersonChannel.peer(of: viewer, in: channel.id) ?? channel.id
    }
}
