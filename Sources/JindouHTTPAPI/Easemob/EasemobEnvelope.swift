import Foundation
import Hummingbird
import JindouCore

/// A user as Easemob renders it.
struct EasemobEntity: Encodable, Sendable {
    var uuid: String
    var type = "user"
    var created: Int64
    var modified: Int64
    var username: String
    var activated: Bool
    var nickname: String?

    init(_ user: UserRecord, activated: Bool) {
        uuid = user.uuid
        created = user.createdAt
        modified = user.modifiedAt
        username = user.uid
        self.activated = activated
        nickname = user.nickname.isEmpty ? nil : user.nickname
    }
}

/// A registration that failed inside a batch.
struct EasemobRegistrationFailure: Encodable, Sendable {
    var username: String
    var registerUserFailReason: String
}

/// Easemob's success envelope.
struct EasemobEnvelope<DataValue: Encodable & Sendable>: ResponseGenerator, Encodable, Sendable {
    var action: String
    var application: String
    var path: String
    var uri: String
    var entities: [EasemobEntity]?
    var data: DataValue?
    var timestamp: Int64
    var duration: Int64
    var organization: String
    var applicationName: String
    var cursor: String?
    var count: Int?

    /// Easemob's keys are the Swift names as they are (`applicationName`), not the management
    /// API's snake_case.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONEncoder().encode(self, from: request, context: context)
    }
}

/// Nothing in `data`.
struct EasemobNoData: Encodable, Sendable {}

/// `{"result": true}` in `data`.
struct EasemobResult: Encodable, Sendable {
    var result: Bool
}
