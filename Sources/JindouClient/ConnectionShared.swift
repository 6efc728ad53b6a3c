import JindouProtocol
import Synchronization

/// State written on the event loop and read from any thread.
final class ConnectionShared: Sendable {
    let droppedMessages = Atomic<Int>(0)
    let closed = Atomic<Bool>(false)
    let lastDisconnect = Mutex<DisconnectPacket?>(nil)
    let lastError = Mutex<ClientError?>(nil)
}
