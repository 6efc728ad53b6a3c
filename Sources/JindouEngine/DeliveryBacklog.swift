import Synchronization

/// The bytes of send work accepted and not yet done: each message from its admission, through its
/// group commit, until every event loop has written its RECVs.
///
/// It is the server's memory budget under overload: once the backlog passes ``budget``, the send
/// pipeline refuses new messages (reason 22, rate limit) until it drains, so more traffic than the
/// cores can deliver costs refusals rather than memory. Messages already accepted are always
/// stored and delivered. What readers have not acknowledged is not counted here (a few slow
/// readers must not stop everyone's sends): each connection bounds its own at
/// `max_unacked_bytes` and is closed as a slow consumer past it.
package final class DeliveryBacklog: Sendable {
    /// What one queued RECV or append costs beyond its payload (packet fields, buffers, closures).
    static let overheadPerItem = 256

    private let bytes = Atomic<Int>(0)
    /// The backlog past which new sends are refused; 0 turns the bound off.
    package let budget: Int

    package init(budget: Int) {
        self.budget = budget
    }

    /// Whether new sends must be refused now.
    var isOverBudget: Bool {
        budget > 0 && bytes.load(ordering: .relaxed) >= budget
    }

    /// The bytes queued now.
    package var queuedBytes: Int { bytes.load(ordering: .relaxed) }

    /// The memory of `count` RECVs carrying a payload of `payloadSize` bytes each: encrypted and
    /// base64-encoded (4/3), in buffers that grow in powers of two, a RECV holds about twice its
    /// payload.
    static func cost(payloadSize: Int, count: Int = 1) -> Int {
        (payloadSize * 2 + overheadPerItem) * count
    }

    func reserve(_ amount: Int) {
        bytes.add(amount, ordering: .relaxed)
    }

    func release(_ amount: Int) {
        bytes.subtract(amount, ordering: .relaxed)
    }
}
