import JindouEngine
import JindouStorage
import JindouWebhooks

/// What the HTTP API works with: storage for reads, and the same services the gateway uses for
/// changes, so an API call and a client's SEND see one state.
package struct APIServices: Sendable {
    package var storage: any Storage
    package var channels: ChannelService
    package var systemUsers: SystemUserService
    package var sendPipeline: SendPipeline
    package var engine: MessagingEngine
    /// The webhooks, nil when no webhook_url is configured.
    package var webhooks: Webhooks?
    /// This node's identity and addresses, for `/route` and `/varz`.
    package var node: NodeInfo
    /// Request counts and durations of this API.
    package var httpMetrics: HTTPMetrics
    /// Tokens, roles and rate limits.
    package var access: AccessPolicy
    /// The names the Easemob-style routes answer to.
    package var easemob: EasemobApplication
    /// Renders every metric in the Prometheus text format, for `/metrics`.
    package var renderMetrics: @Sendable () -> String
    /// The cluster's nodes as of the last heartbeat, nil when this node runs alone.
    package var cluster: ClusterDirectory?

    package init(
        storage: any Storage, channels: ChannelService, systemUsers: SystemUserService, sendPipeline: SendPipeline,
        engine: MessagingEngine, webhooks: Webhooks? = nil, node: NodeInfo, httpMetrics: HTTPMetrics,
        access: AccessPolicy,
        easemob: EasemobApplication, cluster: ClusterDirectory? = nil,
        renderMetrics: @escaping @Sendable () -> String
    ) {
        self.cluster = cluster
        self.easemob = easemob
        self.access = access
        self.httpMetrics = httpMetrics
        self.storage = storage
        self.channels = channels
        self.systemUsers = systemUsers
        self.sendPipeline = sendPipeline
        self.engine = engine
        self.webhooks = webhooks
        self.node = node
        self.renderMetrics = renderMetrics
    }
}
