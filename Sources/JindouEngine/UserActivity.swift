import JindouCore
import JindouStorage
import Synchronization

/// When each user was last active: connects and disconnects are recorded here (a map update
/// per connection event), sends only stamp the sending connection (an atomic store, no lock, no
/// write). ``flush(to:)`` persists what changed, in one transaction, from a periodic service.
package final class UserActivity: Sendable {
    private let dirty = Mutex<[String: Int64]>([:])

    package init() {}

    /// Records activity of `uid` now (connect, disconnect, an API send).
    package func touch(_ uid: String, at time: Int64 = WallClock.nowMilliseconds()) {
        dirty.withLock { map in
            if (map[uid] ?? 0) < time { map[uid] = time }
        }
    }

    /// The latest activity of each uid: unflushed events, the live connections' last sends and
    /// the stored times.
    package func lastActivity(
        of uids: [String], sessions: SessionRegistry, storage: any ActivityStore
    ) async throws
        -> [String: Int64]
    {
        var result = try await storage.lastActivity(of: uids)
        let pending = dirty.withLock { map in uids.compactMap { uid in map[uid].map { (uid, $0) } } }
        for (uid, time) in pending where (result[uid] ?? 0) < time {
            result[uid] = time
        }
        for session in sessions.sessions(of: uids) {
            let time = max(session.lastSentAt, session.connectedAt * 1000)
            if (result[session.uid] ?? 0) < time { result[session.uid] = time }
        }
        return result
    }

    /// Persists the events recorded since the last flush, with the live connections' last sends.
    package func flush(to storage: any ActivityStore, sessions: SessionRegistry) async throws(StorageError) {
        var batch = dirty.withLock { map in
            let taken = map
            map = [:]
            return taken
        }
        for session in sessions.allSessions where session.lastSentAt > (batch[session.uid] ?? 0) {
            batch[session.uid] = session.lastSentAt
        }
        do {
            try await storage.saveLastActivity(batch)
        } catch {
            // Put the batch back so the next flush retries it.
            dirty.withLock { map in
                for (uid, time) in batch where (map[uid] ?? 0) < time { map[uid] = time }
            }
            throw error
        }
    }
}
