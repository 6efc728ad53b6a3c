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
    /// own key, so a key already in snake_case is kept. Swift names here are ASCII; the work is on
    /// their bytes because every key of every webhook body and API response goes through it.
    package static func jsonKey(for swiftName: String) -> String {
        let name = Array(swiftName.utf8)
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        guard name.contains(where: isUpper) else { return swiftName }
        var key: [UInt8] = []
        key.reserveCapacity(name.count + 4)
        var start = 0
        while start < name.count {
            var end = start
            if isUpper(name[start]) {
                var capitalsEnd = start
                while capitalsEnd < name.count, isUpper(name[capitalsEnd]) { capitalsEnd += 1 }
                let next: UInt8? = capitalsEnd < name.count ? name[capitalsEnd] : nil
                if capitalsEnd - start == 1 {
                    // One capital starts a word: `Msg` in `clientMsgNo`.
                    end = capitalsEnd
                    while end < name.count, !isUpper(name[end]) { end += 1 }
                } else if next == UInt8(ascii: "s"), capitalsEnd + 1 == name.count || isUpper(name[capitalsEnd + 1]) {
                    end = capitalsEnd + 1  // a plural acronym: `UIDs` in `failUIDs`
                } else if let next, isLower(next) {
                    end = capitalsEnd - 1  // the last capital starts the next word: `HTTPServer`
                } else {
                    end = capitalsEnd
                }
            } else {
                while end < name.count, !isUpper(name[end]) { end += 1 }
            }
            if !key.isEmpty { key.append(UInt8(ascii: "_")) }
            for byte in name[start..<end] { key.append(isUpper(byte) ? byte + 32 : byte) }
            start = end
        }
        return String(decoding: key, as: UTF8.self)
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
