import JindouProtocol

/// The rules that decide whether a sender may write to a channel. Pure: no I/O, no clock.
///
/// Order (the first failure wins):
/// 1. the sender's own ban (19) and send_ban (25), from its person channel;
/// 2. the channel's ban (19) and disband (24);
/// 3. system users bypass everything below;
/// 4. a system channel refuses everyone else (11); the channel's send_ban (25);
/// 5. group-like channels: the channel must exist (5), denylist (4), subscriber (3),
///    allowlist when it is non-empty (13);
/// 6. person channels: the recipient's denylist (4), and its allowlist (13) when
///    `ignoresPersonAllowlist` is false. A system recipient accepts everyone.
package enum SendPermission {
    /// `.success` or the reason the send is refused.
    package static func evaluate(_ request: SendRequestContext) -> ReasonCode {
        if let own = request.senderChannel?.info {
            if own.ban { return .ban }
            if own.sendBan { return .sendBan }
        }
        let type = request.channel.type
        if type == .person {
            return evaluatePerson(request)
        }
        guard let state = request.channelState else {
            return request.senderIsSystem ? .success : .channelNotExist
        }
        if state.info.ban { return .ban }
        if state.info.disband { return .disband }
        if request.senderIsSystem { return .success }
        if state.info.system { return .notAllowSend }
        if state.info.sendBan { return .sendBan }
        switch type {
        case .customerService, .info:
            return .success
        case .visitors:
            return request.sender == request.channel.id ? .success : .notAllowSend
        case .agent:
            return PersonChannel.isMember(request.sender, of: request.channel.id) ? .success : .notAllowSend
        default:
            break
        }
        if state.denylist.contains(request.sender) { return .inBlacklist }
        if !state.subscribers.contains(request.sender) { return .subscriberNotExist }
        if !state.allowlist.isEmpty && !state.allowlist.contains(request.sender) { return .notInWhitelist }
        return .success
    }

    private static func evaluatePerson(_ request: SendRequestContext) -> ReasonCode {
        if request.senderIsSystem || request.recipientIsSystem { return .success }
        guard let lists = request.recipientChannel else {
            return request.ignoresPersonAllowlist ? .success : .notInWhitelist
        }
        if lists.denylist.contains(request.sender) { return .inBlacklist }
        if !request.ignoresPersonAllowlist && !lists.allowlist.contains(request.sender) { return .notInWhitelist }
        return .success
    }
}
