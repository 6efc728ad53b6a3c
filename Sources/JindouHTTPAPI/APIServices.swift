import JindouGateway
import JindouStorage

/// What the HTTP API works with: storage for reads, and the same services the gateway uses for
/// changes, so an API call and a client's SEND see one state.
public struct APIServices: Sendable {
    public var storage: any Storage
    public var channels: ChannelService
    public var systemUsers: SystemUserService
    public var router: MessageRouter
    public var engine: GatewayEngine
    /// This node's identity and addresses, for `/route` and `/varz`.
    public var node: NodeInfo
    /// Request counts and durations of this API.
    public var httpMetrics: HTTPMetrics
    /// Tokens, roles and rate limits.
    public var access: AccessPolicy
    /// The names the Easemob-style routes answer to.
    public var easemob: EasemobApplication
    /// Renders every metric in the Prometheus text format, for `/metrics`.
    public var renderMetrics: @Sendable () -> String

    public init(
        storage: any Storage, channels: ChannelService, systemUsers: SystemUserService, router: MessageRouter,
        engine: GatewayEngine, node: NodeInfo, httpMetrics: HTTPMetrics, access: AccessPolicy,
        easemob: EasemobApplication, renderMetrics: @escaping @Sendable () -> String
    ) {
        self.easemob = easemob
        self.access = access
        self.httpMetrics = httpMetrics
        self.storage = storage
        self.channels = channels
        self.systemUsers = systemUsers
        self.router = router
        self.engine = engine
        self.node = node
        self.renderMetrics = renderMetrics
    }
}
