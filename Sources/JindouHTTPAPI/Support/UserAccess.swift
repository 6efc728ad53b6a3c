import Foundation
import Hummingbird
import JindouCore
import JindouEngine
import JindouStorage

/// Checks a user credential: that its token is one the user's devices sign in with, and that a
/// request is within what the route's ``UserScope`` lets the user reach.
struct UserAccess: Sendable {
    let users: any UserStore
    let channels: ChannelRegistry

    /// The uid the credential signs in as.
    /// - Throws: 401 when the uid is not valid or the token is not one of the user's device
    ///   tokens (the answer does not tell which), 403 when the user is banned.
    func authenticate(_ credential: UserCredential) async throws -> String {
        let uid = credential.uid
        let invalid = APIError(.unauthorized, "The user credential is not valid: unknown uid or wrong token")
        guard IdentifierRules.isValidUID(uid), uid != ReservedUID.manager, uid != ReservedUID.system else {
            throw invalid
        }
        var matched = false
        for flag in DeviceFlag.userDevices {
            guard let device = try await users.deviceToken(uid: uid, deviceFlag: flag), !device.token.isEmpty else {
                continue
            }
            if ConstantTime.equals(device.token, credential.token) { matched = true }
        }
        guard matched else { throw invalid }
        if channels.state(of: ChannelKey(id: uid, type: .person))?.info.ban == true {
            throw APIError(.forbidden, "The user \(uid) is banned")
        }
        return uid
    }

    /// Checks that `request` stays within `scope` for `uid`; returns the request to pass on
    /// (its body collected, when the scope reads the body).
    /// - Throws: 403 naming the field that is not the user's, 400/413 for a body that cannot be read.
    func authorize(_ scope: UserScope, uid: String, request: Request) async throws -> Request {
        switch scope {
        case .queryUID(let parameter):
            if let value = QueryParameters(request).string(parameter), !value.isEmpty, value != uid {
                throw Self.notOwn(parameter, uid: uid)
            }
            return request
        case .bodyUID(let field):
            var request = request
            let fields = try await Self.fields([field], of: &request)
            guard fields.strings[field] == uid else { throw Self.notOwn(field, uid: uid) }
            return request
        case .bodyChannel(let uidField):
            var request = request
            let fields = try await Self.fields([uidField, "channel_id"], integers: ["channel_type"], of: &request)
            guard fields.strings[uidField] == uid else { throw Self.notOwn(uidField, uid: uid) }
            guard let channelID = fields.strings["channel_id"], !channelID.isEmpty else {
                throw APIError.badRequest("Channel ID cannot be empty")
            }
            guard let rawType = fields.integers["channel_type"], let type = UInt8(exactly: rawType), type != 0 else {
                throw APIError.badRequest("channel_type must be a channel type from 1 to 255")
            }
            // A person channel is resolved between the user and the peer the id names: always theirs.
            guard ChannelType(type) != .person else { return request }
            guard
                channels.state(of: ChannelKey(id: channelID, type: ChannelType(type)))?.subscribers.contains(uid)
                    == true
            else {
                throw APIError(
                    .forbidden, "\(uid) is not a subscriber of channel \(channelID) (type \(type)), so may not read it")
            }
            return request
        }
    }

    private static func notOwn(_ field: String, uid: String) -> APIError {
        APIError(.forbidden, "\(field) must be \(uid), the signed-in user: a user credential reads only its own data")
    }

    /// Named string and integer fields of a JSON object body, read with the same decoder the
    /// handlers use (so a key given twice means the same to both).
    private static func fields(
        _ strings: [String], integers: [String] = [], of request: inout Request
    ) async throws -> DecodedFields {
        let data: Data
        do {
            data = Data(try await request.collectBody(upTo: JSONBody.maxSize).readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "Request body is larger than \(JSONBody.maxSize) bytes")
        }
        let decoder = JSONDecoder()
        decoder.userInfo[DecodedFields.wanted] = (strings, integers)
        do {
            return try decoder.decode(DecodedFields.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(JSONBody.describe(error))
        } catch {
            throw APIError.badRequest("Request body must be a JSON object")
        }
    }
}

/// Some fields of a JSON object, picked by name at run time.
private struct DecodedFields: Decodable {
    static let wanted = CodingUserInfoKey(rawValue: "jindou.wantedFields")!

    var strings: [String: String] = [:]
    var integers: [String: Int64] = [:]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let (strings, integers) = decoder.userInfo[Self.wanted] as? ([String], [String]) ?? ([], [])
        let container = try decoder.container(keyedBy: Key.self)
        for name in strings {
            self.strings[name] = try container.decodeIfPresent(String.self, forKey: Key(stringValue: name))
        }
        for name in integers {
            self.integers[name] = try container.decodeIfPresent(Int64.self, forKey: Key(stringValue: name))
        }
    }
}
