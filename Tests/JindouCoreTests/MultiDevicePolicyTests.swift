import JindouCore
import Testing

@Suite("Multi-device policy")
struct MultiDevicePolicyTests {
    @Test("only the same device flag is affected")
    func rules() {
        func verdict(
            _ flag: DeviceFlag, _ id: String, _ level: DeviceLevel, existing: DeviceFlag, _ existingID: String
        ) -> MultiDevicePolicy.Verdict {
            MultiDevicePolicy.verdict(
                newDeviceFlag: flag, newDeviceID: id, newLevel: level, existingDeviceFlag: existing,
                existingDeviceID: existingID)
        }
        #expect(verdict(.app, "d2", .master, existing: .app, "d1") == .kick)
        #expect(verdict(.app, "d1", .master, existing: .app, "d1") == .replace)
        #expect(verdict(.app, "d2", .slave, existing: .app, "d1") == .keep)
        #expect(verdict(.app, "d1", .slave, existing: .app, "d1") == .replace)
        #expect(verdict(.web, "d2", .master, existing: .app, "d1") == .keep)
        #expect(verdict(.pc, "d1", .master, existing: .web, "d1") == .keep)
    }
}
