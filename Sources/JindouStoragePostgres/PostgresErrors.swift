import JindouStorage
import PostgresNIO

/// What the store makes of postgres-nio's errors.
enum PostgresErrors {
    /// The error a transaction's closure threw, unwrapped from `PostgresTransactionError`.
    static func unwrapped(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
        }
        return error
    }

    /// The SQLSTATE of a server error, nil for other errors (a lost connection, say).
    static func sqlState(of error: any Error) -> String? {
        (unwrapped(error) as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// A deadlock victim (40P01) or a serialization failure (40001): the transaction did nothing
    /// and can run again.
    static func isTransient(_ error: any Error) -> Bool {
        switch sqlState(of: error) {
        case "40P01", "40001": true
        default: false
        }
    }

    /// A ``StorageError`` for `operation`; a server error's SQLSTATE and message are part of the
    /// text (postgres-nio's own description hides them), never a query's bound values.
    static func storageError(_ error: any Error, while operation: String) -> StorageError {
        let error = unwrapped(error)
        if let storageError = error as? StorageError { return storageError }
        if let psql = error as? PSQLError {
            if let server = psql.serverInfo {
                let state = server[.sqlState] ?? "?"
                let message = server[.message] ?? "no message"
                return StorageError(.ioFailure, "\(operation) failed: PostgreSQL error \(state): \(message)")
            }
            return StorageError(.unavailable, "\(operation) failed: \(psql.code)", underlying: error)
        }
        return StorageError(.ioFailure, "\(operation) failed", underlying: error)
    }
}
