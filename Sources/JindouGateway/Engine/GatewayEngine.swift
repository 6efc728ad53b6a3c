import JindouCore
import JindouProtocol
import JindouStorage
import Logging
import Synchronization

/// The shared state and services every gateway connection works with.
public final class GatewayEngine: Sendable {
    public let configuration: GatewayConfiguration
    public let users: any UserStore
    public let channels: ChannelRegistry
    public let sessions: SessionRegistry
    public let systemUsers: SystemUsers
    public let router: MessageRouter
    /// Users' last activity (connects, disconnects, sends).
    public let activity = UserActivity()
    public let metrics: GatewayMetrics
    let logger: Logger
    private let connectionCounter = Atomic<Int64>(0)
    private let draining = Atomic<Bool>(false)

    public init(
        configuration: GatewayConfiguration, users: any UserStore, channels: ChannelRegistry,
        sessions: SessionRegistry, systemUsers: SystemUsers, router: MessageRouter, metrics: GatewayMetrics,
        logger: Logger
    ) {
        self.metrics = metrics
        self.configuration = configuration
        self.users = users
        self.channels = channels
        self.sessions = sessions
        self.systemUsers = systemUsers
        self.router = router
        self.logger = logger
    }

    /// True once shutdown has begun: new CONNECTs are refused and connections drain.
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Starts the shutdown: refuse new CONNECTs, report not ready. Idempotent.
    public func beginDraining() {
        draining.store(true, ordering: .relaxed)
    }

    /// A new process-unique connection id.
    func nextConnectionID() -> Int64 {
        connectionCounter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// The outcome of checking a CONNECT.
    enum ConnectDecision: Sendable {
        case accept(DeviceLevel)
        case refuse(ReasonCode, String)
    }

    /// Checks a CONNECT: a valid uid and client key, the device's registered token, and no ban.
    func authenticate(_ connect: ConnectPacket) async -> ConnectDecision {
        guard IdentifierRules.isValidUID(connect.uid) else {
            return .refuse(.authFail, "invalid uid")
        }
        guard !connect.clientKey.isEmpty else {
            return .refuse(.clientKeyIsEmpty, "empty client key")
        }
        if connect.uid == ReservedUID.manager {
            // The manager uid has no device token: it signs in with an admin API token.
            let accepted = ConstantTime.index(of: connect.token, in: configuration.adminTokens) != nil
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
