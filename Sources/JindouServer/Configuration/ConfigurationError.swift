/// A configuration problem found at startup. The message names the key and where it came from.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "configuration error: \(message)" }
}
