import Foundation

/// The before and after states of audit entries: compact JSON objects with sorted keys.
package enum AuditState {
    /// A value in a state object.
    package enum Value: Encodable, Sendable, Hashable {
        /// uids, rendered sorted.
        case uids([String])
        case flag(Bool)
        case number(Int)
        case numbers([Int])

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .uids(let uids): try container.encode(uids.sorted())
            case .flag(let flag): try container.encode(flag)
            case .number(let number): try container.encode(number)
            case .numbers(let numbers): try container.encode(numbers)
            }
        }
    }

    /// The JSON text of a state object.
    package static func encode(_ state: [String: Value]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(state) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
