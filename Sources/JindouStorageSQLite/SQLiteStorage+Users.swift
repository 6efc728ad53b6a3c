import GRDB
import JindouCore
import JindouStorage

extension SQLiteStorage {
    /// Creates the user if needed and sets (inserts or replaces) the token of one of its devices.
    package func saveDeviceToken(_ device: DeviceToken) async throws(StorageError) {
        try await write("saving the device token of \(device.uid) (flag \(device.deviceFlag))") { db in
            let now = ChannelRows.now()
            let nowMs = ConversationRows.nowMilliseconds()
            try db.cachedStatement(sql: UserRows.insertUser).execute(arguments: [device.uid, "", now, nowMs, nowMs])
            try db.cachedStatement(sql: UserRows.upsertDevice).execute(arguments: [
                device.uid, Int64(device.deviceFlag.rawValue), device.token, Int64(device.level.rawValue), now,
            ])
        }
    }

    /// The token registered for a uid's device flag, nil if none.
    package func deviceToken(uid: String, deviceFlag: DeviceFlag) async throws(StorageError) -> DeviceToken? {
        try await read("reading the device token of \(uid) (flag \(deviceFlag))") { db in
            let row = try Row.fetchOne(
                db.cachedStatement(sql: UserRows.selectDevice), arguments: [uid, Int64(deviceFlag.rawValue)])
            guard let row else { return nil }
            let levelValue = try row.decode(Int64.self, atIndex: 1)
            guard let level = DeviceLevel(rawValue: UInt8(truncatingIfNeeded: levelValue)) else {
                throw StorageError(.corrupt, "device of \(uid) has an unknown level \(levelValue)")
            }
            return DeviceToken(
                uid: uid, deviceFlag: deviceFlag, token: try row.decode(String.self, atIndex: 0), level: level)
        }
    }

    /// How many devices of the user hold a non-empty token.
    package func deviceCount(of uid: String) async throws(StorageError) -> Int {
        try await read("counting the devices of \(uid)") { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM devices WHERE uid = ? AND token <> ''"), arguments: [uid])
                ?? 0
        }
    }

    /// Whether the user exists (it got a device token at least once).
    package func userExists(_ uid: String) async throws(StorageError) -> Bool {
        try await read("looking up the user \(uid)") { db in
            try Bool.fetchOne(db.cachedStatement(sql: UserRows.selectUser), arguments: [uid]) ?? false
        }
    }

    /// Empties the tokens of some (or all) of a user's devices.
    package func clearDeviceTokens(uid: String, flags: [DeviceFlag]?, audit: AuditEntry?) async throws(StorageError) {
        try await write("clearing the device tokens of \(uid)") { db in
            if let audit { try AuditRows.append(audit, in: db) }
            let now = ChannelRows.now()
            guard let flags else {
                try db.cachedStatement(sql: UserRows.clearAllDeviceTokens).execute(arguments: [now, uid])
                return
            }
            let statement = try db.cachedStatement(sql: UserRows.clearDeviceToken)
            for flag in flags {
                try statement.execute(arguments: [now, uid, Int64(flag.rawValue)])
            }
        }
    }
}
