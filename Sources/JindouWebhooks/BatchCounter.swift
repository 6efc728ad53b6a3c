import Synchronization

/// Numbers batches: 1, 2, 3, … from any thread.
final class BatchCounter: Sendable {
    private let value = Atomic<Int64>(0)

    func next() -> Int64 {
        value.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
