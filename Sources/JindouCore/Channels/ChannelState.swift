/// Everything the send path needs to know about one channel.
public struct ChannelState: Sendable, Hashable {
    public var key: ChannelKey
    public var info: ChannelInfo
    public var subscribers: Set<String>
    public var allowlist: Set<String>
    public var denylist: Set<String>

    public init(
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
    public subscript(list: MemberList) -> Set<String> {
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
