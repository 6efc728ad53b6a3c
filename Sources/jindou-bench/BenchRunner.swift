import Foundation
import Histogram
import JindouClient
import JindouCore
import NIOCore
import NIOPosix
import Synchronization

/// Runs a ``BenchPlan`` against a running server and produces a ``BenchReport``.
struct BenchRunner {
    let plan: BenchPlan
    let options: BenchOptions

    private struct ConnectedReceiver: Sendable {
        var spec: BenchPlan.Receiver
        var connection: JindouClientConnection
        var tracker: NIOLoopBoundBox<ReceiverTracker>
    }

    private struct ConnectedSender: Sendable {
        var spec: BenchPlan.Sender
        var connection: JindouClientConnection
        var driver: NIOLoopBoundBox<SenderDriver>
    }

    func run() async throws -> BenchReport {
        FileLimit.raiseToHardLimit()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.options.threads ?? System.coreCount)
        do {
            let report = try await self.run(on: group)
            try? await group.shutdownGracefully()
            return report
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private func run(on group: MultiThreadedEventLoopGroup) async throws -> BenchReport {
        let options = self.options
        let plan = self.plan
        let token = "token-\(plan.prefix)"

        // 1. Users and groups.
        if !options.noHTTP {
            self.progress("registering \(plan.uids.count) tokens at \(options.http)")
            let admin = AdminSetup(address: options.http, group: group, concurrency: options.httpConcurrency)
            try await admin.registerTokens(plan.uids.map { ($0, token) })
            for channel in plan.groups {
                self.progress("creating group \(channel.channelID) with \(channel.subscribers.count) subscribers")
                try await admin.createGroup(channelID: channel.channelID, subscribers: channel.subscribers)
            }
        }

        // 2. Connections: receivers first so they are online before anything is sent.
        let metrics = MetricsRegistry(group: group)
        let counters = GlobalCounters()
        let window = BenchWindow()
        let connectTimes = ConnectTimes()
        self.progress("connecting \(plan.receivers.count) receivers and \(plan.senders.count) senders")

        let receiverIndexes = Dictionary(
            plan.receivers.enumerated().map { ($0.element.uid, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let receivers: [ConnectedReceiver] = try await self.connectAll(plan.receivers) { spec in
            let loop = group.next()
            let tracker = NIOLoopBoundBox.makeBoxSendingValue(
                ReceiverTracker(metrics: metrics.metrics(for: loop), counters: counters, window: window),
                eventLoop: loop
            )
            var configuration = self.clientConfiguration(
                uid: spec.uid, token: token, receiverIndex: receiverIndexes[spec.uid] ?? 0)
            configuration.onMessage = { message in tracker.value.record(message) }
            let connection = try await self.timedConnect(configuration, loop: loop, times: connectTimes)
            return ConnectedReceiver(spec: spec, connection: connection, tracker: tracker)
        }
        let senders: [ConnectedSender] = try await self.connectAll(plan.senders) { spec in
            let loop = group.next()
            var configuration = self.clientConfiguration(uid: spec.uid, token: token)
            configuration.onMessage = { _ in counters.receivedBySenders.add(1, ordering: .relaxed) }
            let connection = try await self.timedConnect(configuration, loop: loop, times: connectTimes)
            let driver = NIOLoopBoundBox.makeBoxSendingValue(
                SenderDriver(
                    index: spec.index,
                    connection: connection,
                    target: spec.target,
                    payloadSize: options.payloadSize,
                    clientMsgNoPrefix: "\(spec.uid)-",
                    metrics: metrics.metrics(for: loop),
                    counters: counters,
                    window: window
                ),
                eventLoop: loop
            )
            return ConnectedSender(spec: spec, connection: connection, driver: driver)
        }
        let connections = receivers.map(\.connection) + senders.map(\.connection)
        let heartbeat = self.startHeartbeat(connections)
        defer { heartbeat?.cancel() }

        // 3. Open-loop sending.
        let fanout = plan.scenario == "group" ? plan.receivers.count : 1
        let start = NIODeadline.now() + .milliseconds(200)
        let measureStart = start + .seconds(fractional: options.warmup)
        let end = measureStart + .seconds(fractional: options.duration)
        window.set(start: measureStart, end: end)
        let perSenderInterval = Double(senders.count) / plan.rate
        let interval = TimeAmount.seconds(fractional: perSenderInterval)
        for (position, sender) in senders.enumerated() {
            // Stagger the senders evenly over one interval.
            let offset = TimeAmount.seconds(fractional: perSenderInterval * Double(position) / Double(senders.count))
            let driver = sender.driver
            sender.connection.eventLoop.execute {
                driver.value.start(first: start + offset, interval: interval, end: end)
            }
        }
        self.progress(
            "sending \(plan.rate) msg/s for \(options.warmup) s warm-up + \(options.duration) s "
                + "(\(options.payloadSize) B payload, fan-out \(fanout))"
        )
        try await Self.sleep(until: measureStart)
        let serverBefore = ProcessSample.read(pids: options.serverPID)
        let benchBefore = ProcessSample.own()
        let ackedBefore = counters.ackedOK.load(ordering: .relaxed)
        let deliveredBefore = counters.delivered.load(ordering: .relaxed)
        try await self.reportProgress(until: end, counters: counters)
        let serverAfter = ProcessSample.read(pids: options.serverPID)
        let benchAfter = ProcessSample.own()
        let ackedDuring = counters.ackedOK.load(ordering: .relaxed) - ackedBefore
        let deliveredDuring = counters.delivered.load(ordering: .relaxed) - deliveredBefore
        func usage(_ before: ProcessSample?, _ after: ProcessSample?) -> CPUUsage? {
            guard let before, let after else { return nil }
            return CPUUsage(
                before: before, after: after, seconds: options.duration,
                messages: ackedDuring, deliveries: deliveredDuring
            )
        }

        // 4. Drain: wait for outstanding SENDACKs and deliveries.
        let drainStart = NIODeadline.now()
        let drainDeadline = drainStart + .seconds(fractional: options.drain)
        while NIODeadline.now() < drainDeadline {
            let sent = counters.sent.load(ordering: .relaxed)
            let resolved = counters.resolved.load(ordering: .relaxed)
            let expected = counters.ackedOK.load(ordering: .relaxed) * fanout
            if resolved >= sent && counters.delivered.load(ordering: .relaxed) >= expected { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let drainSeconds = Double((NIODeadline.now() - drainStart).nanoseconds) / 1e9

        // 5. Collect on the event loops.
        var senderSummaries: [Int: SenderDriver.Summary] = [:]
        for sender in senders {
            let driver = sender.driver
            let summary = try await sender.connection.eventLoop.submit { driver.value.summary }.get()
            senderSummaries[summary.index] = summary
        }
        var receiverTracks: [(BenchPlan.Receiver, [Int: SenderTrack])] = []
        for receiver in receivers {
            let tracker = receiver.tracker
            let tracks = try await receiver.connection.eventLoop.submit { tracker.value.tracks }.get()
            receiverTracks.append((receiver.spec, tracks))
        }
        let merged = try await metrics.collect()
        let connectionsClosed = connections.filter(\.isClosed).count
        let disconnects = connections.filter { $0.lastDisconnect != nil }.count
        let dropped = connections.reduce(0) { $0 + $1.droppedMessageCount }
        heartbeat?.cancel()
        await withTaskGroup(of: Void.self) { tasks in
            for connection in connections {
                tasks.addTask { await connection.close() }
            }
        }

        // 6. Tally.
        var lost = 0
        var duplicated = 0
        var reordered = 0
        var unexpected = 0
        for (spec, tracks) in receiverTracks {
            for senderIndex in spec.expectedSenders {
                let acked = senderSummaries[senderIndex]?.acked ?? SeqSet()
                let track = tracks[senderIndex] ?? SenderTrack()
                lost += acked.countMissing(from: track.received)
            }
            for (senderIndex, track) in tracks {
                duplicated += track.duplicates
                reordered += track.reordered
                if spec.expectedSenders.contains(senderIndex), let acked = senderSummaries[senderIndex]?.acked {
                    unexpected += track.received.countMissing(from: acked)
                } else {
                    unexpected += track.received.count
                }
            }
        }
        let sent = counters.sent.load(ordering: .relaxed)
        let ackedOK = counters.ackedOK.load(ordering: .relaxed)
        let transport = options.transport == .tcp ? "tcp" : "ws"
        var server = options.transport == .tcp ? options.tcp.description : "\(options.ws)\(options.wsPath)"
        let spread = options.transport == .tcp ? options.receiverTCP : options.receiverWS
        if !spread.isEmpty { server += " (receivers on \(spread.map(\.description).joined(separator: ", ")))" }
        var connectHistogram = LoopMetrics.makeHistogram()
        for micros in connectTimes.values.withLock({ $0 }) { _ = connectHistogram.record(max(micros, 1)) }

        return BenchReport(
            scenario: plan.scenario,
            transport: transport,
            server: server,
            senders: senders.count,
            receivers: receivers.count,
            connections: connections.count,
            protocolVersion: options.protocolVersion,
            payloadSize: options.payloadSize,
            warmupSeconds: options.warmup,
            durationSeconds: options.duration,
            offeredRate: plan.rate,
            fanout: fanout,
            connectLatency: LatencySummary(microseconds: connectHistogram),
            sent: sent,
            ackedOK: ackedOK,
            ackedPerSecond: Double(merged.ackedInWindow) / options.duration,
            delivered: counters.delivered.load(ordering: .relaxed),
            deliveredPerSecond: Double(merged.deliveredInWindow) / options.duration,
            expectedDeliveries: ackedOK * fanout,
            sendackLatency: LatencySummary(microseconds: merged.sendackLatency),
            deliveryLatency: LatencySummary(microseconds: merged.deliveryLatency),
            errors: merged.errors,
            unacked: sent - counters.resolved.load(ordering: .relaxed),
            lost: lost,
            duplicated: duplicated,
            reordered: reordered,
            unexpectedDeliveries: unexpected,
            droppedBadMsgKey: dropped,
            unparseable: merged.unparseable,
            receivedBySenders: counters.receivedBySenders.load(ordering: .relaxed),
            connectionsClosed: connectionsClosed,
            disconnects: disconnects,
            drainSeconds: drainSeconds,
            serverCPU: usage(serverBefore, serverAfter),
            benchCPU: usage(benchBefore, benchAfter)
        )
    }

    // MARK: Helpers

    /// Connect latencies in microseconds, appended from the connecting tasks.
    private final class ConnectTimes: Sendable {
        let values = Mutex<[UInt64]>([])
    }

    /// A connection's configuration: senders (no `receiverIndex`) on `--tcp`/`--ws`, receivers
    /// round robin over `--receiver-tcp`/`--receiver-ws` when given.
    private func clientConfiguration(uid: String, token: String, receiverIndex: Int? = nil) -> ClientConfiguration {
        let address = self.address(receiverIndex: receiverIndex)
        return ClientConfiguration(
            host: address.host,
            port: address.port,
            transport: self.options.transport == .tcp ? .tcp : .webSocket(path: self.options.wsPath),
            uid: uid,
            token: token,
            protocolVersion: self.options.protocolVersion,
            autoAck: true,
            connectTimeout: .seconds(30),
            sendTimeout: self.options.sendTimeout > 0 ? .milliseconds(Int64(self.options.sendTimeout * 1000)) : nil
        )
    }

    private func address(receiverIndex: Int?) -> HostPort {
        let tcp = self.options.transport == .tcp
        let spread = tcp ? self.options.receiverTCP : self.options.receiverWS
        guard let index = receiverIndex, !spread.isEmpty else { return tcp ? self.options.tcp : self.options.ws }
        return spread[index % spread.count]
    }

    private func timedConnect(
        _ configuration: ClientConfiguration,
        loop: any EventLoop,
        times: ConnectTimes
    ) async throws -> JindouClientConnection {
        let started = NIODeadline.now()
        let connection: JindouClientConnection
        do {
            connection = try await JindouClientConnection.connect(configuration, eventLoopGroup: loop)
        } catch {
            throw BenchError.setup("connecting \(configuration.uid): \(error)")
        }
        let micros = UInt64((NIODeadline.now() - started).nanoseconds / 1000)
        times.values.withLock { $0.append(micros) }
        return connection
    }

    /// Runs `connect` for every element with at most `connectConcurrency` in flight, keeping order.
    private func connectAll<Spec: Sendable, Connected: Sendable>(
        _ specs: [Spec],
        _ connect: @escaping @Sendable (Spec) async throws -> Connected
    ) async throws -> [Connected] {
        try await withThrowingTaskGroup(of: (Int, Connected).self) { tasks in
            var results = [Connected?](repeating: nil, count: specs.count)
            var nextIndex = 0
            func addNext() {
                let index = nextIndex
                let spec = specs[index]
                nextIndex += 1
                tasks.addTask { (index, try await connect(spec)) }
            }
            while nextIndex < min(self.options.connectConcurrency, specs.count) { addNext() }
            while let (index, connected) = try await tasks.next() {
                results[index] = connected
                if nextIndex < specs.count { addNext() }
            }
            return results.map { $0! }
        }
    }

    private func startHeartbeat(_ connections: [JindouClientConnection]) -> Task<Void, Never>? {
        guard self.options.heartbeat > 0 else { return nil }
        let period = Duration.milliseconds(Int64(self.options.heartbeat * 1000))
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: period)
                if Task.isCancelled { return }
                await withTaskGroup(of: Void.self) { tasks in
                    for connection in connections where !connection.isClosed {
                        tasks.addTask { try? await connection.ping(timeout: .seconds(10)) }
                    }
                }
            }
        }
    }

    private static func sleep(until deadline: NIODeadline) async throws {
        let remaining = deadline - NIODeadline.now()
        if remaining > .zero { try await Task.sleep(for: .nanoseconds(remaining.nanoseconds)) }
    }

    private func reportProgress(until end: NIODeadline, counters: GlobalCounters) async throws {
        var lastSent = 0
        var lastDelivered = 0
        while NIODeadline.now() < end {
            let remaining = end - NIODeadline.now()
            let step = min(remaining, .seconds(5))
            if step > .zero { try await Task.sleep(for: .nanoseconds(step.nanoseconds)) }
            let sent = counters.sent.load(ordering: .relaxed)
            let delivered = counters.delivered.load(ordering: .relaxed)
            self.progress(
                "sent \(sent) (+\(sent - lastSent)), acked \(counters.ackedOK.load(ordering: .relaxed)), "
                    + "delivered \(delivered) (+\(delivered - lastDelivered))"
            )
            lastSent = sent
            lastDelivered = delivered
        }
    }

    private func progress(_ line: String) {
        guard !self.options.quiet else { return }
        FileHandle.standardError.write(Data("[jindou-bench] \(line)\n".utf8))
    }
}
