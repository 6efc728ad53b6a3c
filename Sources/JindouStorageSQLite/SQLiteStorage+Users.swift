import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Creates the user if needed and sets (inserts or replaces) the token of one of its devices.
    public func saveDeviceToken(_ device: DeviceToken) async throws(StorageError) {
        try await write("saving the device token of \(device.uid) (flag \(device.deviceFlag))") { db in
            let now = ChannelRows.now()
            try db.cachedStatement(sql: UserRows.insertUser).execute(arguments: [device.uid, now])
            try db.cachedStatement(sql: UserRows.upsertDevice).execute(arguments: [
                device.uid, Int64(device.deviceFlag.rawValue), device.token, Int64(device.level.rawValue), now,
            ])
        }
    }

    /// The token registered for a uid's device flag, nil if none.
    public func deviceToken(uid: String, deviceFlag: DeviceFlag) async throws(StorageError) -> DeviceToken? {
        try await read("reading the device token of \(uid) (flag \(deviceFlag))") { db in
            let row = try Row.fetchOne(
                db.cachedStatement(sql: UserRows.selectDevice), arguments: [uid, Int64(deviceFlag.rawValue)])
            guard let row else { return nil }
            let levelValue = try row.decode(Int64.self, atIndex: 1)
            guard let level = DeviceLevel(rawValue: UInt8(truncatingIfNeeded: levelValue)) else {
                throw StorageError(.corrupt, "device of \(uid) has an unknown level \(levelValue)")
            }
            return DeviceToken(uid: uid, deviceFlag: deviceFlag, token: try row.decode(String.self, atIndex: 0), level: level)
        }
    }
}
