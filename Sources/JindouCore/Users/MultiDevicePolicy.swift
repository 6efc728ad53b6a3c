/// Which existing connections a new login replaces.
///
/// Only connections of the same uid and the same device flag are affected; different flags
/// (app, web, pc) never kick each other.
/// - A **master** login kicks every other device id (they get DISCONNECT 12 "login in other
///   device") and silently replaces a connection with the same device id.
/// - A **slave** login only replaces a connection with the same device id.
package enum MultiDevicePolicy {
    /// What happens to one existing connection.
    package enum Verdict: Sendable, Hashable {
        case keep
        /// Close without a DISCONNECT packet: the same device reconnected.
        case replace
        /// Send DISCONNECT(12) and close.
        case kick
    }

    /// The verdict for an existing connection when a new one logs in.
    package static func verdict(
        newDeviceFlag: DeviceFlag, newDeviceID: String, newLevel: DeviceLevel,
        existingDeviceFlag: DeviceFlag, existingDeviceID: String
    ) -> Verdict {
        guard newDeviceFlag == existingDeviceFlag else { return .keep }
        if existingDeviceID == newDeviceID { return .replace }
        return newLevel == .master ? .kick : .keep
    }
}
