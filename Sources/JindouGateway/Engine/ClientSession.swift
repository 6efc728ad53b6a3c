import JindouCore
import JindouProtocol
import NIOCore
import Synchronization

/// An authenticated connection: who it is, and how to reach its handler on its event loop.
public final class ClientSession: Sendable, CustomStringConvertible {
    /// Process-unique connection id.
    public let id: Int64
    public let uid: String
    public let deviceFlag: DeviceFlag
    public let deviceID: String
    public let level: DeviceLevel
    /// The negotiated protocol version.
    public let protocolVersion: UInt8
    /// Where the client connected from.
    public let remoteAddress: String
    /// The transport: "tcp" or "ws".
    public let transport: String
    /// Unix seconds when the connection authenticated.
    public let connectedAt: Int64
    public let eventLoop: any EventLoop
    private let lastSend = Atomic<Int64>(0)
    let handler: NIOLoopBound<GatewayConnectionHandler>

    init(
        id: Int64, uid: String, deviceFlag: DeviceFlag, deviceID: String, level: DeviceLevel, protocolVersion: UInt8,
        remoteAddress: String, transport: String, eventLoop: any EventLoop, handler: GatewayConnectionHandler
    ) {
        self.id = id
        self.uid = uid
        self.deviceFlag = deviceFlag
        self.deviceID = deviceID
        self.level = level
        self.protocolVersion = protocolVersion
        self.remoteAddress = remoteAddress
        self.transport = transport
        self.connectedAt = Int64(WallClock.nowSeconds())
        self.eventLoop = eventLoop
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    }

    public var description: String { "conn#\(id)(\(uid)/\(deviceFlag)/\(deviceID))" }

    /// Unix milliseconds of this connection's last SEND, 0 if none.
    public var lastSentAt: Int64 { lastSend.load(ordering: .relaxed) }

    /// Stamps a SEND (an atomic store: activity tracking costs no lock and no write per message).
    func markSent() {
        lastSend.store(WallClock.nowMilliseconds(), ordering: .relaxed)
    }

    /// Sends DISCONNECT with `reasonCode` and closes the connection. Callable from any thread.
    public func kick(reasonCode: ReasonCode, reason: String) {
        let handler = self.handler
        eventLoop.execute { handler.value.kick(reasonCode: reasonCode, reason: reason) }
    }

    /// Starts a graceful close: the connection stops reading, receives the SENDACKs of SENDs
    /// already being stored, then DISCONNECT. Callable from any thread.
    public func drain() {
        let handler = self.handler
        eventLoop.execute { handler.value.drain() }
    }

    /// Closes the connection without a DISCONNECT packet. Callable from any thread.
    public func close() {
        let handler = self.handler
        eventLoop.execute { handler.value.closeSilently() }
    }
}
