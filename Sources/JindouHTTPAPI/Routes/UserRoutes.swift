import Hummingbird
import JindouCore

/// `POST /user/token`: registers a device token, creating the user if needed.
struct UserRoutes {
    let services: APIServices

    struct UpdateTokenRequest: Decodable {
        var uid: String?
        var token: String?
        var deviceFlag: UInt8?
        var deviceLevel: UInt8?

        enum CodingKeys: String, CodingKey {
            case uid, token
            case deviceFlag = "device_flag"
            case deviceLevel = "device_level"
        }
    }

    func register(on router: Router<BasicRequestContext>) {
        router.post("/user/token") { request, _ in try await updateToken(request) }
    }

    func updateToken(_ request: Request) async throws -> OKResponse {
        let body = try await JSONBody.decode(UpdateTokenRequest.self, from: request)
        let uid = try Validation.uid(body.uid)
        guard let token = body.token, !token.isEmpty else { throw APIError.badRequest("token cannot be empty") }
        guard uid != ReservedUID.system else { throw APIError.badRequest("The system uid cannot have a token") }
        let flag = DeviceFlag(body.deviceFlag ?? 0)
        guard [DeviceFlag.app, .web, .pc].contains(flag) else {
            throw APIError.badRequest("device_flag must be 0 (app), 1 (web) or 2 (pc)")
        }
        guard let level = DeviceLevel(rawValue: body.deviceLevel ?? 0) else {
            throw APIError.badRequest("device_level must be 0 (slave) or 1 (master)")
        }
        try await services.storage.saveDeviceToken(DeviceToken(uid: uid, deviceFlag: flag, token: token, level: level))
        return OKResponse()
    }
}
