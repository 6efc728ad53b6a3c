import JindouCore
import JindouProtocol
import Synchronization

/// Every authenticated connection, by uid.
///
/// Read by the delivery path (one lock acquisition per message) and written on connect and close.
/// Every change is reported to the observer inside the same lock, so a user's online and offline
/// events are reported in the order they happened.
package final class SessionRegistry: Sendable {
    private let sessions = Mutex<[String: [ClientSession]]>([:])
    /// The number of sessions, kept beside the map so reading it takes no lock.
    private let count = Atomic<Int>(0)
    private let observer: (any MessagingObserver)?

    package init(observer: (any MessagingObserver)? = nil) {
        self.observer = observer
    }

    /// Adds a new session and removes, in the same step, the sessions it replaces under
    /// ``MultiDevicePolicy``. Returns the removed sessions with their verdict, for the caller to close.
    package func register(_ session: ClientSession) -> [(ClientSession, MultiDevicePolicy.Verdict)] {
        sessions.withLock { map in
            let partition = Self.partition(
                map[session.uid] ?? [], deviceFlag: session.deviceFlag, deviceID: session.deviceID,
                level: session.level)
            var kept = partition.kept
            let removed = partition.removed
            if let observer {
                var remaining = kept
                remaining.append(contentsOf: removed.map(\.0))
                for (existing, _) in removed {
                    remaining.removeAll { $0 === existing }
                    observer.presenceChanged(Self.change(existing, online: false, remaining: remaining))
                }
                observer.presenceChanged(Self.change(session, online: true, remaining: kept + [session]))
            }
            kept.append(session)
            map[session.uid] = kept
            count.add(1 - removed.count, ordering: .relaxed)
            return removed
        }
    }

    /// Removes the sessions that a login on another node replaces under ``MultiDevicePolicy``;
    /// returns them with their verdict, for the caller to close.
    package func removeReplaced(
        byLoginOf uid: String, deviceFlag: DeviceFlag, deviceID: String, level: DeviceLevel, loggedInAt: Int64? = nil
    ) -> [(ClientSession, MultiDevicePolicy.Verdict)] {
        sessions.withLock { map in
            let existing = map[uid] ?? []
            // Sessions that logged in after the login being applied stay: its notice came late.
            let isNewer = { (session: ClientSession) in loggedInAt.map { session.authenticatedAt > $0 } ?? false }
            let split = Self.partition(
                existing.filter { !isNewer($0) }, deviceFlag: deviceFlag, deviceID: deviceID, level: level)
            let kept = split.kept + existing.filter(isNewer)
            let removed = split.removed
            guard !removed.isEmpty else { return [] }
            if let observer {
                var remaining = kept + removed.map(\.0)
                for (existing, _) in removed {
                    remaining.removeAll { $0 === existing }
                    observer.presenceChanged(Self.change(existing, online: false, remaining: remaining))
                }
            }
            map[uid] = kept.isEmpty ? nil : kept
            count.subtract(removed.count, ordering: .relaxed)
            return removed
        }
    }

    /// Splits a user's sessions into those a new login keeps and those it replaces.
    private static func partition(
        _ existing: [ClientSession], deviceFlag: DeviceFlag, deviceID: String, level: DeviceLevel
    ) -> (kept: [ClientSession], removed: [(ClientSession, MultiDevicePolicy.Verdict)]) {
        var kept: [ClientSession] = []
        var removed: [(ClientSession, MultiDevicePolicy.Verdict)] = []
        for session in existing {
            let verdict = MultiDevicePolicy.verdict(
                newDeviceFlag: deviceFlag, newDeviceID: deviceID, newLevel: level,
                existingDeviceFlag: session.deviceFlag, existingDeviceID: session.deviceID)
            if verdict == .keep {
                kept.append(session)
            } else {
                removed.append((session, verdict))
            }
        }
        return (kept, removed)
    }

    /// Removes a session (no-op if it was already removed).
    package func unregister(_ session: ClientSession) {
        sessions.withLock { map in
            guard var list = map[session.uid], let index = list.firstIndex(where: { $0 === session }) else { return }
            list.remove(at: index)
            map[session.uid] = list.isEmpty ? nil : list
            count.subtract(1, ordering: .relaxed)
            observer?.presenceChanged(Self.change(session, online: false, remaining: list))
        }
    }

    /// The change `session` makes, given its user's sessions after it.
    private static func change(_ session: ClientSession, online: Bool, remaining: [ClientSession]) -> PresenceChange {
        PresenceChange(
            uid: session.uid, deviceFlag: session.deviceFlag, online: online, connectionID: session.id,
            deviceOnlineCount: remaining.count { $0.deviceFlag == session.deviceFlag },
            totalOnlineCount: remaining.count)
    }

    /// Sends DISCONNECT to a user's sessions on this node, all of them or those of `deviceFlags`,
    /// and closes them.
    package func kick(_ uid: String, deviceFlags: [DeviceFlag]? = nil, reasonCode: ReasonCode, reason: String) {
        for session in sessions(of: uid) where deviceFlags?.contains(session.deviceFlag) ?? true {
            session.kick(reasonCode: reasonCode, reason: reason)
        }
    }

    /// The sessions of one uid.
    package func sessions(of uid: String) -> [ClientSession] {
        sessions.withLock { $0[uid] ?? [] }
    }

    /// The sessions of many uids, in one lock acquisition.
    package func sessions(of uids: some Sequence<String>) -> [ClientSession] {
        sessions.withLock { map in
            var result: [ClientSession] = []
            for uid in uids {
                if let list = map[uid] { result.append(contentsOf: list) }
            }
            return result
        }
    }

    /// The session with a connection id, if it belongs to `uid`.
    package func session(id: Int64, of uid: String) -> ClientSession? {
        sessions.withLock { $0[uid]?.first { $0.id == id } }
    }

    /// The number of authenticated connections.
    package var connectionCount: Int {
        count.load(ordering: .relaxed)
    }

    /// Every session (for shutdown and diagnostics).
    package var allSessions: [ClientSession] {
        sessions.withLock { $0.values.flatMap { $0 } }
    }
}
