import JindouEngine
import Synchronization

/// Collects the outcomes of messages submitted together, so a batch's messages go through the
/// pipeline in order without waiting for each to be stored before the next (their writes then
/// share group commits).
final class SendOutcomes: Sendable {
    private struct State {
        var outcomes: [SendOutcome?]
        var remaining: Int
        var finish: (@Sendable ([SendOutcome]) -> Void)?
    }

    private let state: Mutex<State>

    private init(count: Int, finish: @escaping @Sendable ([SendOutcome]) -> Void) {
        state = Mutex(State(outcomes: Array(repeating: nil, count: count), remaining: count, finish: finish))
    }

    /// Submits `count` messages through `submit(index, completion)`, in index order, and returns
    /// their outcomes in the same order once every one is final.
    static func collect(
        _ count: Int, submit: (Int, @escaping @Sendable (SendOutcome) -> Void) -> Void
    ) async -> [SendOutcome] {
        guard count > 0 else { return [] }
        return await withCheckedContinuation { continuation in
            let outcomes = SendOutcomes(count: count) { continuation.resume(returning: $0) }
            for index in 0..<count {
                submit(index) { outcomes.record($0, at: index) }
            }
        }
    }

    private func record(_ outcome: SendOutcome, at index: Int) {
        let done: (([SendOutcome]) -> Void, [SendOutcome])? = state.withLock { state in
            state.outcomes[index] = outcome
            state.remaining -= 1
            guard state.remaining == 0, let finish = state.finish else { return nil }
            state.finish = nil
            return (finish, state.outcomes.map { $0! })
        }
        if let (finish, outcomes) = done { finish(outcomes) }
    }
}
