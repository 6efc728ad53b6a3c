import JindouCore

/// Learns what the engine does, for a component outside it that reports to the world (the
/// webhooks). Every call is made on the thread that did the work, often an event loop or the
/// store's writer: implementations must only record and return, never block or wait.
package protocol MessagingObserver: Sendable {
    /// Whether ``recipientsOffline(_:of:)`` is wanted: finding them costs a set difference per
    /// stored message, so the engine skips it otherwise.
    var observesOfflineRecipients: Bool { get }

    /// A message was stored (it is durable, and acknowledged or about to be).
    func messageStored(_ message: StoredMessage)

    /// The recipients of a stored message that had no online connection when it was stored:
    /// never its sender, never `____system`. Not called when every recipient was online.
    func recipientsOffline(_ uids: [String], of message: StoredMessage)

    /// A connection authenticated or closed.
    func presenceChanged(_ change: PresenceChange)
}
