/// The organization and application names the Easemob-style routes answer to
/// (`/{org_name}/{app_name}/users…`), and the application's stable uuid.
package struct EasemobApplication: Sendable, Hashable {
    package let organization: String
    package let application: String
    /// A uuid derived from the names (stable across restarts and nodes), computed once.
    package let uuid: String

    package init(organization: String, application: String) {
        self.organization = organization
        self.application = application
        self.uuid = Self.uuid(organization: organization, application: application)
    }

    private static func uuid(organization: String, application: String) -> String {
        func fnv(_ text: String, seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
            return hash
        }
        let name = organization + "#" + application
        let high = fnv(name, seed: 0xcbf2_9ce4_8422_2325)
        let low = fnv(name, seed: 0x8422_2325_cbf2_9ce4)
        let hex = String(high, radix: 16).leftPadded(16) + String(low, radix: 16).leftPadded(16)
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}

extension String {
    fileprivate func leftPadded(_ length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
