import JindouCore
import JindouProtocol
import Testing

@Suite("Send permission rules")
struct SendPermissionTests {
    let group = ChannelKey(id: "g", type: .group)

    func context(
        sender: String = "a", system: Bool = false, state: ChannelState?, senderChannel: ChannelState? = nil
    ) -> SendRequestContext {
        SendRequestContext(
            sender: sender, senderIsSystem: system, senderChannel: senderChannel, channel: group, channelState: state)
    }

    @Test("group rules in order")
    func groupRules() {
        var state = ChannelState(key: group, subscribers: ["a", "b"])
        #expect(SendPermission.evaluate(context(state: state)) == .success)
        #expect(SendPermission.evaluate(context(sender: "x", state: state)) == .subscriberNotExist)
        #expect(SendPermission.evaluate(context(state: nil)) == .channelNotExist)
        state.denylist = ["a"]
        #expect(SendPermission.evaluate(context(state: state)) == .inBlacklist)
        state.denylist = []
        state.allowlist = ["b"]
        #expect(SendPermission.evaluate(context(state: state)) == .notInWhitelist)
        #expect(SendPermission.evaluate(context(sender: "b", state: state)) == .success)
        state.info.disband = true
        #expect(SendPermission.evaluate(context(sender: "b", state: state)) == .disband)
        state.info.ban = true
        #expect(SendPermission.evaluate(context(sender: "b", state: state)) == .ban)
    }

    @Test("system users bypass lists but not ban or disband")
    func systemUsers() {
        var state = ChannelState(key: group, subscribers: [], denylist: ["s"])
        state.allowlist = ["other"]
        #expect(SendPermission.evaluate(context(sender: "s", system: true, state: state)) == .success)
        state.info.sendBan = true
        #expect(SendPermission.evaluate(context(sender: "s", system: true, state: state)) == .success)
        #expect(SendPermission.evaluate(context(sender: "other", state: state)) == .sendBan)
        state.info.ban = true
        #expect(SendPermission.evaluate(context(sender: "s", system: true, state: state)) == .ban)
    }

    @Test("the sender's own ban and send_ban come first")
    func senderFlags() {
        let state = ChannelState(key: group, subscribers: ["a"])
        let own = ChannelState(key: ChannelKey(id: "a", type: .person), info: ChannelInfo(sendBan: true))
        #expect(SendPermission.evaluate(context(state: state, senderChannel: own)) == .sendBan)
        let banned = ChannelState(key: ChannelKey(id: "a", type: .person), info: ChannelInfo(ban: true))
        #expect(SendPermission.evaluate(context(state: state, senderChannel: banned)) == .ban)
    }

    @Test("person channels consult the recipient's lists only")
    func personRules() {
        let key = ChannelKey(id: PersonChannel.id(between: "a", and: "b"), type: .person)
        func evaluate(_ lists: ChannelState?, whitelistOff: Bool = true, recipientIsSystem: Bool = false) -> ReasonCode
        {
            SendPermission.evaluate(
                SendRequestContext(
                    sender: "a", senderIsSystem: false, senderChannel: nil, channel: key, channelState: nil,
                    recipient: "b", recipientIsSystem: recipientIsSystem, recipientChannel: lists,
                    ignoresPersonAllowlist: whitelistOff))
        }
        #expect(evaluate(nil) == .success)
        let bLists = ChannelState(key: ChannelKey(id: "b", type: .person), allowlist: ["c"], denylist: ["a"])
        #expect(evaluate(bLists) == .inBlacklist)
        #expect(evaluate(bLists, recipientIsSystem: true) == .success)
        let friends = ChannelState(key: ChannelKey(id: "b", type: .person), allowlist: ["c"])
        #expect(evaluate(friends) == .success)
        #expect(evaluate(friends, whitelistOff: false) == .notInWhitelist)
    }
}
