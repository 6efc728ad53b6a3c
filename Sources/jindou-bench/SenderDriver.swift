import JindouClient
import JindouProtocol
import NIOCore

/// Sends one sender's messages open loop: message k is due at `start + k * interval`, whatever
/// happened to earlier ones, and its latencies are measured from that due time (so a stalled
/// server cannot hide its stall by slowing the sender down: no coordinated omission).
/// Runs on its connection's event loop.
final class SenderDriver {
    struct Target: Sendable {
        var channelID: String
        var channelType: UInt8
    }

    /// What the sender did, for the final tally.
    struct Summary: Sendable {
        var index: Int
        var sent: UInt64
        var acked: SeqSet
    }

    let index: Int
    private let connection: JindouClientConnection
    private let target: Target
    private let payloadSize: Int
    private let clientMsgNoPrefix: String
    private let metrics: NIOLoopBoundBox<LoopMetrics>
    private let counters: GlobalCounters
    private let window: BenchWindow

    private var next = NIODeadline.distantFuture
    private var end = NIODeadline.distantPast
    private var interval = TimeAmount.seconds(1)
    private var seq: UInt64 = 0
    private var acked = SeqSet()

    init(
        index: Int,
        connection: JindouClientConnection,
        target: Target,
        payloadSize: Int,
        clientMsgNoPrefix: String,
        metrics: NIOLoopBoundBox<LoopMetrics>,
        counters: GlobalCounters,
        window: BenchWindow
    ) {
        self.index = index
        self.connection = connection
        self.target = target
        self.payloadSize = payloadSize
        self.clientMsgNoPrefix = clientMsgNoPrefix
        self.metrics = metrics
        self.counters = counters
        self.window = window
    }

    var summary: Summary { Summary(index: self.index, sent: self.seq, acked: self.acked) }

    /// Starts sending at `first`, one message every `interval`, until `end` (exclusive).
    func start(first: NIODeadline, interval: TimeAmount, end: NIODeadline) {
        self.next = first
        self.interval = interval
        self.end = end
        self.schedule()
    }

    private func schedule() {
        guard self.next < self.end else { return }
        self.connection.eventLoop.assumeIsolated().scheduleTask(deadline: self.next) {
            self.fire()
        }
    }

    private func fire() {
        let now = NIODeadline.now()
        // Catch up on everything due: a late timer must not lower the offered rate.
        while self.next <= now, self.next < self.end {
            self.sendOne(scheduled: self.next)
            self.next = self.next + self.interval
        }
        self.schedule()
    }

    private func sendOne(scheduled: NIODeadline) {
        self.seq += 1
        let seq = self.seq
        let scheduledNanos = scheduled.uptimeNanoseconds
        let payload = BenchPayload.make(
            sender: self.index,
            seq: seq,
            scheduledNanos: scheduledNanos,
            size: self.payloadSize
        )
        self.counters.sent.add(1, ordering: .relaxed)
        let future = self.connection.sendFuture(
            channelID: self.target.channelID,
            channelType: self.target.channelType,
            payload: payload,
            clientMsgNo: "\(self.clientMsgNoPrefix)\(seq)"
        )
        future.assumeIsolated().whenComplete { result in
            self.completed(seq: seq, scheduledNanos: scheduledNanos, result: result)
        }
    }

    private func completed(seq: UInt64, scheduledNanos: UInt64, result: Result<SendackPacket, any Error>) {
        let now = NIODeadline.now().uptimeNanoseconds
        self.counters.resolved.add(1, ordering: .relaxed)
        let metrics = self.metrics.value
        switch result {
        case .success(let ack) where ack.reasonCode == .success:
            self.acked.insert(seq)
            self.counters.ackedOK.add(1, ordering: .relaxed)
            if self.window.contains(scheduledNanos) {
                let latency = now >= scheduledNanos ? (now - scheduledNanos) / 1000 : 0
                _ = metrics.sendackLatency.record(max(latency, 1))
            }
            if self.window.contains(now) {
                metrics.ackedInWindow += 1
            }
        case .success(let ack):
            metrics.errors[ReasonNames.key(for: ack.reasonCode), default: 0] += 1
        case .failure(let error):
            let name: String =
                switch error as? ClientError {
                case .timeout: "client_sendack_timeout"
                case .closed: "client_connection_closed"
                default: "client_error"
                }
            metrics.errors[name, default: 0] += 1
        }
    }
}
