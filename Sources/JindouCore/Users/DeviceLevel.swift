/// A device's level: a master device kicks the other devices of the same uid and flag.
package enum DeviceLevel: UInt8, Sendable, Hashable, Codable {
    case slave = 0
    case master = 1
}
