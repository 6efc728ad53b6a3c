import JindouCore
import JindouEngine
import Testing

/// The multi-device rules applied for a login on another node.
@Suite("Session registry")
struct SessionRegistryTests {
    @Test("a login announced by another node replaces the sessions that logged in before it, never a newer one")
    func lateLoginNoticeKeepsNewerSessions() {
        let registry = SessionRegistry()
        let session = TestSession.make(uid: "late")
        _ = registry.register(session)
        // The other node's login happened before this session's: its notice came late.
        let early = registry.removeReplaced(
            byLoginOf: "late", deviceFlag: DeviceFlag(0), deviceID: "other", level: .master,
            loggedInAt: session.authenticatedAt - 1)
        #expect(early.isEmpty)
        #expect(registry.sessions(of: "late").count == 1)
        // A login after this session's replaces it (same device flag, master).
        let later = registry.removeReplaced(
            byLoginOf: "late", deviceFlag: DeviceFlag(0), deviceID: "other", level: .master,
            loggedInAt: session.authenticatedAt + 1)
        #expect(later.map(\.0.id) == [session.id])
        #expect(registry.sessions(of: "late").isEmpty)
    }
}
