import Foundation

/// The result of one run, printed as text and optionally written as JSON.
struct BenchReport: Encodable, Sendable {
    var scenario: String
    var transport: String
    var server: String
    var senders: Int
    var receivers: Int
    var connections: Int
    var protocolVersion: UInt8
    var payloadSize: Int
    var warmupSeconds: Double
    var durationSeconds: Double
    /// Target SEND rate.
    var offeredRate: Double
    /// Expected deliveries per SEND (1 for pairs, members for a group).
    var fanout: Int

    var connectLatency: LatencySummary
    /// SENDs written over the whole run (warm-up included).
    var sent: Int
    /// SENDACKs with reason success over the whole run.
    var ackedOK: Int
    /// Successful SENDACKs per second inside the measured window.
    var ackedPerSecond: Double
    /// Distinct deliveries over the whole run.
    var delivered: Int
    /// Distinct deliveries per second inside the measured window.
    var deliveredPerSecond: Double
    /// ackedOK times fanout.
    var expectedDeliveries: Int
    var sendackLatency: LatencySummary
    var deliveryLatency: LatencySummary

    /// SENDACK reason codes other than success, and client-side send failures.
    var errors: [String: Int]
    /// SENDs that never got a SENDACK (or failure) before the drain ended.
    var unacked: Int
    /// Successfully acked messages some expected receiver never got.
    var lost: Int
    var duplicated: Int
    var reordered: Int
    /// Deliveries of messages that were not acked with success (or from unknown senders).
    var unexpectedDeliveries: Int
    /// RECVs dropped by the client for a bad msgKey or payload.
    var droppedBadMsgKey: Int
    /// RECVs without the bench marker.
    var unparseable: Int
    /// RECVs that reached a sending connection.
    var receivedBySenders: Int
    var connectionsClosed: Int
    var disconnects: Int
    var drainSeconds: Double
    /// The server's CPU over the measured window (with `--server-pid`).
    var serverCPU: CPUUsage?
    /// The bench's own CPU over the measured window.
    var benchCPU: CPUUsage?

    /// No loss, no reordering, nothing unacked.
    var passed: Bool { self.lost == 0 && self.reordered == 0 && self.unacked == 0 }

    private enum CodingKeys: String, CodingKey {
        case scenario, transport, server, senders, receivers, connections, protocolVersion, payloadSize
        case warmupSeconds, durationSeconds, offeredRate, fanout, connectLatency, sent, ackedOK, ackedPerSecond
        case delivered, deliveredPerSecond, expectedDeliveries, sendackLatency, deliveryLatency, errors, unacked
        case lost, duplicated, reordered, unexpectedDeliveries, droppedBadMsgKey, unparseable, receivedBySenders
        case connectionsClosed, disconnects, drainSeconds, serverCPU = "server_cpu", benchCPU = "bench_cpu", passed
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(transport, forKey: .transport)
        try container.encode(server, forKey: .server)
        try container.encode(senders, forKey: .senders)
        try container.encode(receivers, forKey: .receivers)
        try container.encode(connections, forKey: .connections)
        try container.encode(protocolVersion, forKey: .protocolVersion)
        try container.encode(payloadSize, forKey: .payloadSize)
        try container.encode(warmupSeconds, forKey: .warmupSeconds)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(offeredRate, forKey: .offeredRate)
        try container.encode(fanout, forKey: .fanout)
        try container.encode(connectLatency, forKey: .connectLatency)
        try container.encode(sent, forKey: .sent)
        try container.encode(ackedOK, forKey: .ackedOK)
        try container.encode(ackedPerSecond, forKey: .ackedPerSecond)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(deliveredPerSecond, forKey: .deliveredPerSecond)
        try container.encode(expectedDeliveries, forKey: .expectedDeliveries)
        try container.encode(sendackLatency, forKey: .sendackLatency)
        try container.encode(deliveryLatency, forKey: .deliveryLatency)
        try container.encode(errors, forKey: .errors)
        try container.encode(unacked, forKey: .unacked)
        try container.encode(lost, forKey: .lost)
        try container.encode(duplicated, forKey: .duplicated)
        try container.encode(reordered, forKey: .reordered)
        try container.encode(unexpectedDeliveries, forKey: .unexpectedDeliveries)
        try container.encode(droppedBadMsgKey, forKey: .droppedBadMsgKey)
        try container.encode(unparseable, forKey: .unparseable)
        try container.encode(receivedBySenders, forKey: .receivedBySenders)
        try container.encode(connectionsClosed, forKey: .connectionsClosed)
        try container.encode(disconnects, forKey: .disconnects)
        try container.encode(drainSeconds, forKey: .drainSeconds)
        try container.encodeIfPresent(serverCPU, forKey: .serverCPU)
        try container.encodeIfPresent(benchCPU, forKey: .benchCPU)
        try container.encode(passed, forKey: .passed)
    }

    /// Human-readable summary.
    var text: String {
        func rate(_ value: Double) -> String { String((value * 10).rounded() / 10) }
        var lines: [String] = []
        lines.append(
            "scenario \(scenario) over \(transport) to \(server): \(senders) sender(s), \(receivers) receiver(s), fan-out \(fanout)"
        )
        lines.append(
            "payload \(payloadSize) B, protocol v\(protocolVersion), warm-up \(warmupSeconds) s, measured \(durationSeconds) s"
        )
        lines.append("connect:       \(connectLatency.text)")
        lines.append("offered:       \(rate(offeredRate)) msg/s")
        lines.append("sent (acked):  \(rate(ackedPerSecond)) msg/s   [\(ackedOK) of \(sent) acked OK overall]")
        lines.append(
            "delivered:     \(rate(deliveredPerSecond)) msg/s   [\(delivered) of \(expectedDeliveries) expected overall]"
        )
        lines.append("SENDACK:       \(sendackLatency.text)")
        lines.append("send->RECV:    \(deliveryLatency.text)")
        let errorText =
            errors.isEmpty
            ? "none" : errors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        lines.append("errors:        \(errorText)")
        lines.append(
            "unacked \(unacked), lost \(lost), duplicated \(duplicated), reordered \(reordered), unexpected \(unexpectedDeliveries)"
        )
        lines.append(
            "dropped (bad msgKey) \(droppedBadMsgKey), unparseable \(unparseable), received by senders \(receivedBySenders)"
        )
        lines.append(
            "connections closed \(connectionsClosed), DISCONNECTs \(disconnects), drain \(rate(drainSeconds)) s")
        if let serverCPU { lines.append("server CPU:    \(serverCPU.text)") }
        if let benchCPU { lines.append("bench CPU:     \(benchCPU.text)") }
        lines.append(passed ? "RESULT: PASS" : "RESULT: FAIL (lost, reordered or unacked messages)")
        return lines.joined(separator: "\n")
    }

    func writeJSON(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}
