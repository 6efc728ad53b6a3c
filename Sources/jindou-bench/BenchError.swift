/// Bench setup failures.
enum BenchError: Error, CustomStringConvertible {
    case http(String)
    case setup(String)

    var description: String {
        switch self {
        case .http(let text): "HTTP: \(text)"
        case .setup(let text): "setup: \(text)"
        }
    }
}
