/// An error from a storage backend.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a category callers can switch on.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The database could not be opened or migrated.
        public static let unavailable = Code("unavailable")
        /// A read or write failed.
        public static let ioFailure = Code("ioFailure")
        /// The store was closed.
        public static let closed = Code("closed")
        /// The data on disk is not what this version understands.
        public static let corrupt = Code("corrupt")

        public var description: String { name }
    }

    public var code: Code
    /// A human-readable explanation, safe to log.
    public var message: String
    /// The backend error behind it, if any.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "storage \(code): \(message) (\(underlying))" }
        return "storage \(code): \(message)"
    }
}
