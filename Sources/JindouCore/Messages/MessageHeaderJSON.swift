import JindouProtocol

/// The `header` object of v2 message JSON: the packet flags as 0/1 integers.
package struct MessageHeaderJSON: Codable, Sendable, Equatable {
    package var noPersist: Int?
    package var redDot: Int?
    package var syncOnce: Int?

    /// Spelled out for the webhooks' plain encoder (see ``MessageJSON``).
    enum CodingKeys: String, CodingKey {
        case noPersist = "no_persist"
        case redDot = "red_dot"
        case syncOnce = "sync_once"
    }

    package init(noPersist: Int? = nil, redDot: Int? = nil, syncOnce: Int? = nil) {
        self.noPersist = noPersist
        self.redDot = redDot
        self.syncOnce = syncOnce
    }

    /// The header of a stored message's flags.
    package init(_ flags: PacketFlags) {
        self.init(
            noPersist: flags.contains(.noPersist) ? 1 : 0, redDot: flags.contains(.redDot) ? 1 : 0,
            syncOnce: flags.contains(.syncOnce) ? 1 : 0)
    }
}
