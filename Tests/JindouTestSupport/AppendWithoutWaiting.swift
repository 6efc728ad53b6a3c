import JindouStorage
import Synchronization

/// Appends without waiting between them (in submission order, from this thread) and returns
/// the outcomes in submission order and the order the completions ran.
package func appendWithoutWaiting(
    _ requests: [AppendRequest], to store: any MessageStore
) async
    -> (results: [Result<AppendOutcome, StorageError>], completionOrder: [Int])
{
    let collector = CompletionCollector(count: requests.count)
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        collector.wait(continuation)
        for (index, request) in requests.enumerated() {
            store.append(request) { collector.complete(index, $0) }
        }
    }
    return collector.collected
}

/// Gathers append completions from any thread and resumes one waiter when all have run.
package final class CompletionCollector: Sendable {
    private struct State {
        var results: [Result<AppendOutcome, StorageError>?]
        var order: [Int] = []
        var remaining: Int
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    package init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
    }

    package func wait(_ continuation: CheckedContinuation<Void, Never>) {
        let done = state.withLock { state -> Bool in
            state.waiter = continuation
            return state.remaining == 0
        }
        if done { continuation.resume() }
    }

    package func complete(_ index: Int, _ result: Result<AppendOutcome, StorageError>) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.results[index] = result
            state.order.append(index)
            state.remaining -= 1
            return state.remaining == 0 ? state.waiter : nil
        }
        waiter?.resume()
    }

    package var collected: (results: [Result<AppendOutcome, StorageError>], completionOrder: [Int]) {
        state.withLock { state in (state.results.map { $0! }, state.order) }
    }
}
