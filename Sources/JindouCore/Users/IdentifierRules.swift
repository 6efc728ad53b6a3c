/// Validation rules for uids and channel ids.
package enum IdentifierRules {
    /// Characters that may not appear in a uid or a channel id: they are separators in internal ids.
    private static let reservedBytes: [UInt8] = [UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "&")]

    /// The longest uid, in UTF-8 bytes.
    package static let maxUIDLength = 255
    /// The longest channel id or client_msg_no, in UTF-8 bytes.
    package static let maxChannelIDLength = 512

    /// True when `value` contains `@`, `#` or `&`, also when a combining mark follows it (the
    /// check is on UTF-8 bytes, as the code that splits internal ids reads them).
    package static func containsReservedCharacter(_ value: String) -> Bool {
        value.utf8.contains { reservedBytes.contains($0) }
    }

    /// True when `value` contains a control character (Unicode category Cc).
    ///
    /// Checked for every SEND: an ASCII id (the usual kind) is decided from its bytes, without the
    /// Unicode property lookup, which only non-ASCII ids need (category Cc is U+0000–U+001F,
    /// U+007F and U+0080–U+009F).
    package static func containsControlCharacter(_ value: String) -> Bool {
        var ascii = true
        for byte in value.utf8 {
            if byte < 0x20 || byte == 0x7F { return true }
            if byte >= 0x80 { ascii = false }
        }
        if ascii { return false }
        return value.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// A uid is non-empty, has no reserved character and no control character.
    package static func isValidUID(_ uid: String) -> Bool {
        !uid.isEmpty && !containsReservedCharacter(uid) && uid.utf8.count <= maxUIDLength
            && !containsControlCharacter(uid)
    }
}
