import JindouCore
import JindouProtocol
import NIOCore
import Synchronization

/// An authenticated connection: who it is, and how to reach its handler on its event loop.
package final class ClientSession: Sendable, CustomStringConvertible {
    /// Process-unique connection id.
    package let id: Int64
    package let uid: String
    package let deviceFlag: DeviceFlag
    package let deviceID: String
    package let level: DeviceLevel
    /// The negotiated protocol version.
    package let protocolVersion: UInt8
    /// Where the client connected from.
    package let remoteAddress: String
    /// The transport: "tcp" or "ws".
    package let transport: String
    /// Unix milliseconds when the connection authenticated.
    package let authenticatedAt: Int64
    /// Unix seconds when the connection authenticated.
    package var connectedAt: Int64 { authenticatedAt / 1000 }
    package let eventLoop: any EventLoop
    private let lastSend = Atomic<Int64>(0)
    /// The connection's transport, reachable only on its event loop.
    let connection: NIOLoopBound<any SessionTransport>

    package init(
        id: Int64, uid: String, deviceFlag: DeviceFlag, deviceID: String, level: DeviceLevel, protocolVersion: UInt8,
        remoteAddress: String, transport: String, eventLoop: any EventLoop, connection: any SessionTransport
    ) {
        self.id = id
        self.uid = uid
        self.deviceFlag = deviceFlag
        self.deviceID = deviceID
        self.level = level
        self.protocolVersion = protocolVersion
        self.remoteAddress = remoteAddress
        self.transport = transport
        self.authenticatedAt = WallClock.nowMilliseconds()
        self.eventLoop = eventLoop
        self.connection = NIOLoopBound(connection, eventLoop: eventLoop)
    }

    package var description: String { "conn#\(id)(\(uid)/\(deviceFlag)/\(deviceID))" }

    /// Unix milliseconds of this connection's last SEND, 0 if none.
    package var lastSentAt: Int64 { lastSend.load(ordering: .relaxed) }

    /// Stamps a SEND (an atomic store: activity tracking costs no lock and no write per message).
    package func markSent() {
        lastSend.store(WallClock.nowMilliseconds(), ordering: .relaxed)
    }

    /// Sends DISCONNECT with `reasonCode` and closes the connection. Callable from any thread.
    package func kick(reasonCode: ReasonCode, reason: String) {
        let connection = self.connection
        eventLoop.execute { connection.value.kick(reasonCode: reasonCode, reason: reason) }
    }

    /// Closes a session a new login replaced: DISCONNECT for `.kick`, silently for `.replace`
    /// (the same device reconnected).
    package func closeReplaced(_ verdict: MultiDevicePolicy.Verdict) {
        switch verdict {
        case .kick: kick(reasonCode: .connectKick, reason: "login in other device")
        case .replace: close()
        case .keep: break
        }
    }

    /// Starts a graceful close: the connection stops reading, receives the SENDACKs of SENDs
    /// already being stored, then DISCONNECT. Callable from any thread.
    package func drain() {
        let connection = self.connection
        eventLoop.execute { connection.value.drain() }
    }

    /// Closes the connection without a DISCONNECT packet. Callable from any thread.
    package func close() {
        let connection = self.connection
        eventLoop.execute { connection.value.closeSilently() }
    }
}
