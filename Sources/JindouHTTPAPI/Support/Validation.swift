import JindouCore

/// The validation rules shared by routes, with the exact messages the API documents.
enum Validation {
    static func channelID(_ id: String?) throws -> String {
        guard let id, !id.isEmpty else { throw APIError.badRequest("Channel ID cannot be empty") }
        guard !IdentifierRules.containsReservedCharacter(id), !IdentifierRules.containsControlCharacter(id) else {
            throw APIError.badRequest("Channel ID cannot contain special characters (@, #, & or control characters)")
        }
        guard id.utf8.count <= IdentifierRules.maxChannelIDLength else {
            throw APIError.badRequest("Channel ID cannot be longer than \(IdentifierRules.maxChannelIDLength) bytes")
        }
        return id
    }

    static func channelType(_ type: UInt8?) throws -> ChannelType {
        guard let type, type != 0 else { throw APIError.badRequest("Channel type cannot be 0") }
        return ChannelType(type)
    }

    /// The channel a request names by `channel_id` and `channel_type`, both valid.
    static func channel(id: String?, type: UInt8?) throws -> ChannelKey {
        ChannelKey(id: try channelID(id), type: try channelType(type))
    }

    /// A non-empty list of valid uids, at most `limit` entries (413 beyond), blanks removed.
    static func uids(_ uids: [String]?, field: String = "uids") throws -> [String] {
        try listSize(uids?.count ?? 0, field: field)
        let cleaned = (uids ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw APIError.badRequest("\(field) cannot be empty") }
        for uid in cleaned where !IdentifierRules.isValidUID(uid) {
            throw APIError.badRequest(
                "\(field) contains an invalid uid \"\(uid)\" (special characters @, #, & are not allowed)")
        }
        return cleaned
    }

    static func uid(_ uid: String?, field: String = "uid") throws -> String {
        guard let uid, !uid.isEmpty else { throw APIError.badRequest("\(field) cannot be empty") }
        guard uid.utf8.count <= IdentifierRules.maxUIDLength else {
            throw APIError.badRequest("\(field) cannot be longer than \(IdentifierRules.maxUIDLength) bytes")
        }
        guard IdentifierRules.isValidUID(uid) else {
            throw APIError.badRequest("\(field) cannot contain special characters (@, #, &)")
        }
        return uid
    }

    /// Every uid of a bare JSON array valid (a 400 naming the first invalid entry by index); the
    /// list may be empty.
    static func each(_ uids: [String]) throws {
        for (index, uid) in uids.enumerated() {
            _ = try Validation.uid(uid, field: "[\(index)]")
        }
    }

    /// A 413 naming the field and the limit when a list has more than `limit` entries.
    static func listSize(_ count: Int, field: String, limit: Int = RequestLimits.maxListEntries) throws {
        guard count <= limit else {
            throw APIError(.contentTooLarge, "\(field) cannot have more than \(limit) entries")
        }
    }

    /// A message seq (absent means 0): a 400 naming the field above ``RequestLimits/maxMessageSeq``,
    /// so that no arithmetic on it can overflow and it fits the store.
    static func messageSeq(_ seq: UInt64?, field: String) throws -> UInt64 {
        let seq = seq ?? 0
        guard seq <= RequestLimits.maxMessageSeq else {
            throw APIError.badRequest("\(field) must be from 0 to \(RequestLimits.maxMessageSeq)")
        }
        return seq
    }

    /// A 0/1 flag field.
    static func flag(_ value: Int?, field: String) throws -> Bool {
        switch value ?? 0 {
        case 0: return false
        case 1: return true
        default: throw APIError.badRequest("\(field) must be 0 or 1")
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
