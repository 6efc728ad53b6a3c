/// Who connects, who sends to what, and who should receive what.
struct BenchPlan: Sendable {
    struct Sender: Sendable {
        var index: Int
        var uid: String
        var target: SenderDriver.Target
    }

    struct Receiver: Sendable {
        var uid: String
        /// Indexes of the senders whose every acked message this receiver must get.
        var expectedSenders: [Int]
    }

    struct Group: Sendable {
        var channelID: String
        var subscribers: [String]
    }

    var scenario: String
    /// Prefix of every uid and channel id of this run.
    var prefix: String
    var senders: [Sender]
    var receivers: [Receiver]
    var groups: [Group]
    /// Total offered SEND rate, messages per second.
    var rate: Double

    /// Every uid that needs a token.
    var uids: [String] { self.receivers.map(\.uid) + self.senders.map(\.uid) }

    /// `pairs`: sender `s<i>` sends to its own receiver `r<i>` (person channel = peer uid).
    static func pairs(count: Int, prefix: String, rate: Double) -> BenchPlan {
        BenchPlan(
            scenario: "pairs",
            prefix: prefix,
            senders: (0..<count).map { index in
                Sender(
                    index: index,
                    uid: "\(prefix)-s\(index)",
                    target: .init(channelID: "\(prefix)-r\(index)", channelType: 1)
                )
            },
            receivers: (0..<count).map { Receiver(uid: "\(prefix)-r\($0)", expectedSenders: [$0]) },
            groups: [],
            rate: rate
        )
    }

    /// `group`: one sender to a group of `members` online members.
    static func group(members: Int, prefix: String, rate: Double) -> BenchPlan {
        let channelID = "\(prefix)-g"
        let sender = "\(prefix)-s0"
        let receivers = (0..<members).map { Receiver(uid: "\(prefix)-m\($0)", expectedSenders: [0]) }
        return BenchPlan(
            scenario: "group",
            prefix: prefix,
            senders: [Sender(index: 0, uid: sender, target: .init(channelID: channelID, channelType: 2))],
            receivers: receivers,
            groups: [Group(channelID: channelID, subscribers: [sender] + receivers.map(\.uid))],
            rate: rate
        )
    }
}
