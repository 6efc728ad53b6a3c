import JindouCore
import JindouEngine
import JindouProtocol
import NIOEmbedded

/// Sessions for tests that need one but no connection behind it.
enum TestSession {
    /// A session of `uid` on its own embedded event loop (make and use it on one thread).
    static func make(uid: String = "u") -> ClientSession {
        ClientSession(
            id: 1, uid: uid, deviceFlag: DeviceFlag(0), deviceID: "d", level: .master, protocolVersion: 5,
            remoteAddress: "test", transport: "tcp", eventLoop: EmbeddedEventLoop(), connection: NoTransport())
    }

    /// A transport that does nothing.
    private final class NoTransport: SessionTransport {
        func deliver(_ message: StoredMessage) {}
        func kick(reasonCode: ReasonCode, reason: String) {}
        func closeSilently() {}
        func drain() {}
    }
}
