import Foundation

extension JSONEncoder {
    /// An encoder that writes each Swift name as its ``SnakeCaseKeys`` JSON key.
    package static func snakeCaseKeys() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in
            let key = path[path.count - 1]
            guard key.intValue == nil else { return key }
            return SnakeCaseKey(SnakeCaseKeys.jsonKey(for: key.stringValue))
        }
        return encoder
    }
}

extension JSONDecoder {
    /// A decoder that reads each ``SnakeCaseKeys`` JSON key into its Swift name; a key outside the
    /// rule names no field and is ignored, as an unknown key is.
    package static func snakeCaseKeys() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path[path.count - 1]
            guard key.intValue == nil else { return key }
            // A leading space is in no Swift name.
            return SnakeCaseKey(SnakeCaseKeys.swiftName(for: key.stringValue) ?? " " + key.stringValue)
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
}
