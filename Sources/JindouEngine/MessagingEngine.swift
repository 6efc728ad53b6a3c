import JindouCore
import JindouProtocol
import JindouStorage
import Logging
import Synchronization

/// The application layer both transports work with: users, channels, sessions, system users, the
/// send pipeline and activity, with the rules for who may connect. It knows no transport: the
/// WKProto gateway and the HTTP API each drive it.
package final class MessagingEngine: Sendable {
    /// The secrets of the admin API tokens: the only credentials the manager uid connects with.
    let adminTokens: [String]
    package let users: any UserStore
    package let channels: ChannelRegistry
    package let sessions: SessionRegistry
    package let systemUsers: SystemUsers
    package let sendPipeline: SendPipeline
    /// Users' last activity (connects, disconnects, sends).
    package let activity = UserActivity()
    package let metrics: MessagingMetrics
    /// This node's part in a cluster, nil when it runs alone.
    package let cluster: ClusterRelay?
    package let logger: Logger
    private let connectionCounter = Atomic<Int64>(0)
    private let draining = Atomic<Bool>(false)

    package init(
        users: any UserStore, channels: ChannelRegistry, sessions: SessionRegistry, systemUsers: SystemUsers,
        sendPipeline: SendPipeline, metrics: MessagingMetrics, adminTokens: [String], cluster: ClusterRelay? = nil,
        logger: Logger
    ) {
        self.metrics = metrics
        self.cluster = cluster
        self.adminTokens = adminTokens
        self.users = users
        self.channels = channels
        self.sessions = sessions
        self.systemUsers = systemUsers
        self.sendPipeline = sendPipeline
        self.logger = logger
    }

    /// True once shutdown has begun: new CONNECTs are refused and connections drain.
    package var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Starts the shutdown: refuse new CONNECTs, report not ready. Idempotent.
    package func beginDraining() {
        draining.store(true, ordering: .relaxed)
    }

    /// A new process-unique connection id.
    package func nextConnectionID() -> Int64 {
        connectionCounter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Closes a user's connections with DISCONNECT on every node: all of them, or those of
    /// `deviceFlags`. In a cluster it returns once every live node closed them (or the bound passed).
    package func disconnect(
        _ uid: String, deviceFlags: [DeviceFlag]? = nil, reasonCode: ReasonCode, reason: String
    ) async {
        sessions.kick(uid, deviceFlags: deviceFlags, reasonCode: reasonCode, reason: reason)
        guard let cluster else { return }
        for flag in deviceFlags.map({ $0.map { Optional(Int($0.rawValue)) } }) ?? [nil] {
            await cluster.propagate(
                .disconnect(uid: uid, deviceFlag: flag, reasonCode: reasonCode.rawValue, reason: reason))
        }
    }

    /// The outcome of checking a CONNECT.
    package enum ConnectDecision: Sendable {
        case accept(DeviceLevel)
        case refuse(ReasonCode, String)
    }

    /// Checks a CONNECT: a valid uid and client key, the device's registered token, and no ban.
    package func authenticate(_ connect: ConnectPacket) async -> ConnectDecision {
        guard IdentifierRules.isValidUID(connect.uid) else {
            return .refuse(.authFail, "invalid uid")
        }
        guard !connect.clientKey.isEmpty else {
            return .refuse(.clientKeyIsEmpty, "empty client key")
        }
        if connect.uid == ReservedUID.manager {
            // The manager uid has no device token: it signs in with an admin API token.
            let accepted = ConstantTime.index(of: connect.token, in: adminTokens) != nil
            return accepted ? .accept(.master) : .refuse(.authFail, "the manager uid needs an admin API token")
        }
        let device: DeviceToken?
        do {
            device = try await users.deviceToken(uid: connect.uid, deviceFlag: DeviceFlag(connect.deviceFlag))
        } catch {
            logger.error("token lookup failed", metadata: ["jindou.uid": "\(connect.uid)", "error": "\(error)"])
            return .refuse(.systemError, "token lookup failed")
        }
        guard let device, !device.token.isEmpty, ConstantTime.equals(device.token, connect.token) else {
            return .refuse(.authFail, "token mismatch")
        }
        if channels.state(of: ChannelKey(id: connect.uid, type: .person))?.info.ban == true {
            return .refuse(.ban, "user is banned")
        }
        return .accept(device.level)
    }
}
