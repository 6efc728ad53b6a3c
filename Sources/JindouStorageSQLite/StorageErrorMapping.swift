import GRDB
import JindouStorage

extension StorageError {
    /// Converts an error thrown by GRDB (or by this module) into a ``StorageError``.
    ///
    /// - Parameters:
    ///   - error: the error caught.
    ///   - operation: what was being done, e.g. "reading messages of g1:2"; it starts the message.
    ///   - defaultCode: the code for errors that are neither corruption nor a closed store.
    static func from(_ error: any Error, while operation: String, defaultCode: Code = .ioFailure) -> StorageError {
        switch error {
        case let error as StorageError:
            return error
        case let error as DatabaseError:
            let detail = error.message ?? "\(error.resultCode)"
            let code: Code
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                code = .corrupt
            default:
                code = defaultCode
            }
            return StorageError(
                code, "\(operation) failed: SQLite error \(error.resultCode.rawValue): \(detail)", underlying: error)
        case is RowDecodingError:
            return StorageError(
                .corrupt, "\(operation) failed: a stored row has an unexpected shape", underlying: error)
        default:
            return StorageError(defaultCode, "\(operation) failed: \(error)", underlying: error)
        }
    }

    /// The error of any operation on a closed store.
    static func closedStore(_ operation: String) -> StorageError {
        StorageError(.closed, "\(operation) failed: the SQLite store is closed")
    }
}
