/// The JSON keys of the v2 API and the webhooks: a Swift name's camelCase words in snake_case
/// (`client_msg_no` for `clientMsgNo`), where the acronyms ID, UID and IP are written in capitals in
/// Swift, their plurals too (`channel_id` for `channelID`, `fail_uids` for `failUIDs`).
///
/// A type coded with ``Foundation/JSONEncoder/snakeCaseKeys()`` or
/// ``Foundation/JSONDecoder/snakeCaseKeys()`` declares `CodingKeys` only for a key outside this
/// rule (`message_idstr`).
package enum SnakeCaseKeys {
    /// The words a Swift name writes in capitals.
    static let acronyms: Set<String> = ["id", "uid", "ip"]

    /// The JSON key of a Swift name: `channelID` → `channel_id`. A name without capitals is its
    /// own key, so a key already in snake_case is kept.
    package static func jsonKey(for swiftName: String) -> String {
        guard swiftName.contains(where: \.isUppercase) else { return swiftName }
        var words: [String] = []
        var rest = Substring(swiftName)
        while let first = rest.first {
            let word: Substring
            if first.isUppercase {
                let capitals = rest.prefix(while: \.isUppercase)
                let after = rest.dropFirst(capitals.count)
                if capitals.count == 1 {
                    word = rest.prefix(1 + after.prefix(while: { !$0.isUppercase }).count)
                } else if after.first == "s", after.dropFirst().first?.isUppercase ?? true {
                    word = rest.prefix(capitals.count + 1)  // a plural acronym: `IDs`
                } else if after.first?.isLowercase == true {
                    word = capitals.dropLast()  // the last capital starts the next word
                } else {
                    word = capitals
                }
            } else {
                word = rest.prefix(while: { !$0.isUppercase })
            }
            words.append(word.lowercased())
            rest = rest.dropFirst(word.count)
        }
        return words.joined(separator: "_")
    }

    /// The Swift name a JSON key stands for: `channel_id` → `channelID`; nil for a key that is not
    /// the snake_case form of any name (`channelID`, `Channel_ID`), which therefore names no field.
    package static func swiftName(for jsonKey: String) -> String? {
        let words = jsonKey.split(separator: "_", omittingEmptySubsequences: false)
        let name = words.enumerated().map { index, word in
            guard index > 0 else { return String(word) }
            if acronyms.contains(String(word)) { return word.uppercased() }
            if word.hasSuffix("s"), acronyms.contains(String(word.dropLast())) {
                return word.dropLast().uppercased() + "s"
            }
            return word.prefix(1).uppercased() + word.dropFirst()
        }.joined()
        return self.jsonKey(for: name) == jsonKey ? name : nil
    }
}
