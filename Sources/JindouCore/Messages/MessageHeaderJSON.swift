import JindouProtocol

/// The `header` object of v2 message JSON: the packet flags as 0/1 integers.
package struct MessageHeaderJSON: Codable, Sendable, Equatable {
    package var noPersist: Int?
    package var redDot: Int?
    package var syncOnce: Int?

    /// The keys it is written with, spelled out for the webhooks' plain encoder (see
    /// ``MessageJSON``). Reading goes through the API's ``SnakeCaseKeys`` decoder, which turns
    /// `no_persist` into `noPersist` before matching: declared as `CodingKeys`, these would match
    /// nothing there and the header would be ignored.
    private enum WrittenKeys: String, CodingKey {
        case noPersist = "no_persist"
        case redDot = "red_dot"
        case syncOnce = "sync_once"
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WrittenKeys.self)
        try container.encodeIfPresent(noPersist, forKey: .noPersist)
        try container.encodeIfPresent(redDot, forKey: .redDot)
        try container.encodeIfPresent(syncOnce, forKey: .syncOnce)
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
