/// An error from a storage backend.
package struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a category callers can switch on.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The database could not be opened or migrated.
        package static let unavailable = Code("unavailable")
        /// A read or write failed.
        package static let ioFailure = Code("ioFailure")
        /// The store was closed.
        package static let closed = Code("closed")
        /// The data on disk is not what this version understands.
        package static let corrupt = Code("corrupt")

        package var description: String { name }
    }

    package var code: Code
    /// A human-readable explanation, safe to log.
    package var message: String
    /// The backend error behind it, if any.
    package var underlying: (any Error)?

    package init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    package var description: String {
        if let underlying { return "storage \(code): \(message) (\(underlying))" }
        return "storage \(code): \(message)"
    }
}
