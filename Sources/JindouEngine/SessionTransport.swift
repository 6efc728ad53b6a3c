import JindouCore
import JindouProtocol

/// What the engine asks of an authenticated connection's transport. Every call is made on the
/// connection's event loop (``ClientSession/eventLoop``).
package protocol SessionTransport: AnyObject {
    /// Encrypts, signs and writes a RECV of `message`.
    func deliver(_ message: StoredMessage)
    /// Sends DISCONNECT with `reasonCode` and closes.
    func kick(reasonCode: ReasonCode, reason: String)
    /// Closes without a DISCONNECT.
    func closeSilently()
    /// Stops reading, lets the SENDs in flight get their SENDACK, then DISCONNECT and close.
    func drain()
}
