import JindouGateway
import JindouStorage

/// What the HTTP API works with: storage for reads, and the same services the gateway uses for
/// changes, so an API call and a client's SEND see one state.
public struct APIServices: Sendable {
    public var storage: any Storage
    public var channels: ChannelService
    public var router: MessageRouter
    public var engine: GatewayEngine

    public init(storage: any Storage, channels: ChannelService, router: MessageRouter, engine: GatewayEngine) {
        self.storage = storage
        self.channels = channels
        self.router = router
        self.engine = engine
    }
}
