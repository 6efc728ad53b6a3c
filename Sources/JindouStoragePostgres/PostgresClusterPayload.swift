import Foundation
import JindouCore
import JindouStorage

/// The text of the cluster's notifications on the `jindou_cluster` channel (PostgreSQL caps a
/// payload below 8,000 bytes, so they carry keys, never messages):
/// - `m <node> <first id> <last id> <count>`: a node committed an append batch;
/// - `n <json>`: a ``ClusterNotice``.
enum PostgresClusterPayload {
    /// The LISTEN/NOTIFY channel.
    static let channel = "jindou_cluster"

    static func committed(nodeID: Int, ids: ClosedRange<Int64>, count: Int) -> String {
        "m \(nodeID) \(ids.lowerBound) \(ids.upperBound) \(count)"
    }

    static func notice(_ notice: ClusterNotice) throws -> String {
        let data = try JSONEncoder().encode(WireNotice(notice))
        return "n " + String(decoding: data, as: UTF8.self)
    }

    /// The event a payload carries, nil for one this version does not know.
    static func event(_ payload: String) -> ClusterEvent? {
        if payload.hasPrefix("m ") {
            let fields = payload.dropFirst(2).split(separator: " ")
            guard fields.count == 4, let node = Int(fields[0]), let first = Int64(fields[1]),
                let last = Int64(fields[2]), let count = Int(fields[3]), first <= last
            else { return nil }
            return .committed(nodeID: node, ids: first...last, count: count)
        }
        if payload.hasPrefix("n "),
            let wire = try? JSONDecoder().decode(WireNotice.self, from: Data(payload.utf8.dropFirst(2)))
        {
            return wire.notice.map { .notice($0) }
        }
        return nil
    }

    /// A notice as JSON: flat optional fields, so that an older node can skip a kind it does not know.
    private struct WireNotice: Codable {
        var origin: Int
        var number: Int64
        var kind: String
        var channelID: String?
        var channelType: UInt8?
        var uid: String?
        var deviceFlag: Int?
        var deviceID: String?
        var level: Int?
        var reasonCode: UInt8?
        var reason: String?
        var from: Int?
        var appliedOrigin: Int?
        var appliedNumber: Int64?
        var at: Int64?

        init(_ notice: ClusterNotice) {
            origin = notice.origin
            number = notice.number
            switch notice.body {
            case .channel(let key):
                kind = "channel"
                channelID = key.id
                channelType = key.type.rawValue
            case .systemUIDs:
                kind = "system_uids"
            case .everything:
                kind = "everything"
            case .disconnect(let uid, let flag, let code, let reason):
                kind = "disconnect"
                self.uid = uid
                deviceFlag = flag
                reasonCode = code
                self.reason = reason
            case .login(let uid, let flag, let deviceID, let level, let at):
                kind = "login"
                self.uid = uid
                deviceFlag = flag
                self.deviceID = deviceID
                self.level = level
                self.at = at
            case .ping:
                kind = "ping"
            case .applied(let from, let origin, let number):
                kind = "applied"
                self.from = from
                appliedOrigin = origin
                appliedNumber = number
            }
        }

        var notice: ClusterNotice? {
            let body: ClusterNotice.Body
            switch kind {
            case "channel":
                guard let channelID, let channelType else { return nil }
                body = .channel(ChannelKey(id: channelID, type: ChannelType(channelType)))
            case "system_uids":
                body = .systemUIDs
            case "everything":
                body = .everything
            case "disconnect":
                guard let uid, let reasonCode else { return nil }
                body = .disconnect(uid: uid, deviceFlag: deviceFlag, reasonCode: reasonCode, reason: reason ?? "")
            case "login":
                guard let uid, let deviceFlag, let deviceID, let level else { return nil }
                body = .login(uid: uid, deviceFlag: deviceFlag, deviceID: deviceID, level: level, at: at)
            case "ping":
                body = .ping
            case "applied":
                guard let from, let appliedOrigin, let appliedNumber else { return nil }
                body = .applied(from: from, origin: appliedOrigin, number: appliedNumber)
            default:
                return nil
            }
            return ClusterNotice(origin: origin, number: number, body: body)
        }
    }
}
