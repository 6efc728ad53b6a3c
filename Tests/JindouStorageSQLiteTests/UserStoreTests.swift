import JindouCore
import JindouStorage
import JindouStorageSQLite
import Testing

@Suite("Users and device tokens")
struct UserStoreTests {
    @Test("tokens are upserted per (uid, device flag) and survive a reopen")
    func upsert() async throws {
        try await withTemporaryDirectory { directory throws in
            try await withStore(in: directory) { storage throws in
                #expect(try await storage.deviceToken(uid: "alice", deviceFlag: .app) == nil)
                try await storage.saveDeviceToken(
                    DeviceToken(uid: "alice", deviceFlag: .app, token: "t1", level: .slave))
                try await storage.saveDeviceToken(
                    DeviceToken(uid: "alice", deviceFlag: .web, token: "w1", level: .master))
                try await storage.saveDeviceToken(
                    DeviceToken(uid: "alice", deviceFlag: .app, token: "t2", level: .master))
                #expect(
                    try await storage.deviceToken(uid: "alice", deviceFlag: .app)
                        == DeviceToken(uid: "alice", deviceFlag: .app, token: "t2", level: .master))
                #expect(try await storage.deviceToken(uid: "alice", deviceFlag: .web)?.token == "w1")
                #expect(try await storage.deviceToken(uid: "alice", deviceFlag: .pc) == nil)
                #expect(try await storage.deviceToken(uid: "bob", deviceFlag: .app) == nil)
            }
            try await withStore(in: directory) { storage throws in
                let app = try await storage.deviceToken(uid: "alice", deviceFlag: .app)
                let web = try await storage.deviceToken(uid: "alice", deviceFlag: .web)
                #expect(app?.token == "t2")
                #expect(web?.level == .master)
            }
        }
    }
}
