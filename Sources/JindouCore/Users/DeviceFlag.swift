/// The kind of device a connection comes from. Connections of different flags never kick each other.
public struct DeviceFlag: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let app = DeviceFlag(0)
    public static let web = DeviceFlag(1)
    public static let pc = DeviceFlag(2)
    public static let system = DeviceFlag(99)

    /// The flags a user's devices can register tokens for.
    public static let userDevices: [DeviceFlag] = [.app, .web, .pc]

    public var description: String { String(rawValue) }
}
