/// The kind of device a connection comes from. Connections of different flags never kick each other.
package struct DeviceFlag: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    package var rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    package init(_ rawValue: UInt8) { self.rawValue = rawValue }

    package static let app = DeviceFlag(0)
    package static let web = DeviceFlag(1)
    package static let pc = DeviceFlag(2)
    package static let system = DeviceFlag(99)

    /// The flags a user's devices can register tokens for.
    package static let userDevices: [DeviceFlag] = [.app, .web, .pc]

    package var description: String { String(rawValue) }
}
