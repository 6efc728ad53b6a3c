/// When each user was last active (connected, disconnected or sent), kept in memory by the
/// gateway and flushed here in batches, so activity never costs a write per message.
package protocol ActivityStore: Sendable {
    /// Records last-activity times (unix milliseconds); an older time never replaces a newer one.
    func saveLastActivity(_ times: [String: Int64]) async throws(StorageError)

    /// The stored last-activity times of these uids (absent when never recorded).
    func lastActivity(of uids: [String]) async throws(StorageError) -> [String: Int64]
}
