/// A configuration problem found at startup. The message names the key and where it came from.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { "configuration error: \(message)" }
}
