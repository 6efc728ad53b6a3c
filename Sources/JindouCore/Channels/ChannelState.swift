/// Everything the send path needs to know about one channel.
package struct ChannelState: Sendable, Hashable {
    package var key: ChannelKey
    package var info: ChannelInfo
    package var subscribers: Set<String>
    package var allowlist: Set<String>
    package var denylist: Set<String>

    package init(
        key: ChannelKey, info: ChannelInfo = ChannelInfo(), subscribers: Set<String> = [], allowlist: Set<String> = [],
        denylist: Set<String> = []
    ) {
        self.key = key
        self.info = info
        self.subscribers = subscribers
        self.allowlist = allowlist
        self.denylist = denylist
    }

    /// The members of one list.
    package subscript(list: MemberList) -> Set<String> {
        get {
            switch list {
            case .subscribers: subscribers
            case .allowlist: allowlist
            case .denylist: denylist
            }
        }
        set {
            switch list {
            case .subscribers: subscribers = newValue
            case .allowlist: allowlist = newValue
            case .denylist: denylist = newValue
            }
        }
    }
}
