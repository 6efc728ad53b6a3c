import Foundation

extension JSONEncoder {
    /// An encoder that writes each Swift name as its ``SnakeCaseKeys`` JSON key.
    package static func snakeCaseKeys() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { SnakeCaseKey.renaming($0) { SnakeCaseKeys.jsonKey(for: $0) } }
        return encoder
    }
}

extension JSONDecoder {
    /// A decoder that reads each ``SnakeCaseKeys`` JSON key into its Swift name; a key outside the
    /// rule names no field and is ignored, as an unknown key is.
    package static func snakeCaseKeys() -> JSONDecoder {
        let decoder = JSONDecoder()
        // A leading space is in no Swift name.
        decoder.keyDecodingStrategy = .custom {
            SnakeCaseKey.renaming($0) { SnakeCaseKeys.swiftName(for: $0) ?? " " + $0 }
        }
        return decoder
    }
}

/// A key the snake_case coders produce.
private struct SnakeCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) {
        self.stringValue = stringValue
    }

    init?(stringValue: String) {
        self.init(stringValue)
    }

    init?(intValue: Int) {
        nil
    }

    /// The last key of `path` renamed; an array index is kept.
    static func renaming(_ path: [any CodingKey], _ rename: (String) -> String) -> any CodingKey {
        let key = path[path.count - 1]
        return key.intValue == nil ? SnakeCaseKey(rename(key.stringValue)) : key
    }
}
