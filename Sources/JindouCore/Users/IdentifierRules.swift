/// Validation rules for uids and channel ids.
public enum IdentifierRules {
    /// Characters that may not appear in a uid or a channel id: they are separators in internal ids.
    public static let reservedCharacters: Set<Character> = ["@", "#", "&"]

    /// The longest uid, in UTF-8 bytes.
    public static let maxUIDLength = 255
    /// The longest channel id or client_msg_no, in UTF-8 bytes.
    public static let maxChannelIDLength = 512

    /// True when `value` contains `@`, `#` or `&`.
    public static func containsReservedCharacter(_ value: String) -> Bool {
        value.contains { reservedCharacters.contains($0) }
    }

    /// True when `value` contains a control character (Unicode category Cc).
    public static func containsControlCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// A uid is non-empty, has no reserved character and no control character.
    public static func isValidUID(_ uid: String) -> Bool {
        !uid.isEmpty && !containsReservedCharacter(uid) && uid.utf8.count <= maxUIDLength
            && !containsControlCharacter(uid)
    }
}
