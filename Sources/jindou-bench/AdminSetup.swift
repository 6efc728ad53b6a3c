import Foundation
import JindouCore
import NIOCore

/// Creates the bench's users and groups through the management HTTP API.
struct AdminSetup {
    let address: HostPort
    let group: any EventLoopGroup
    let concurrency: Int

    private struct TokenRequest: Encodable {
        var uid: String
        var token: String
        var device_flag: Int
        var device_level: Int
    }

    private struct ChannelRequest: Encodable {
        var channel_id: String
        var channel_type: Int
        var subscribers: [String]
    }

    /// `POST /user/token` for every uid (device flag APP, level master).
    func registerTokens(_ users: [(uid: String, token: String)]) async throws {
        let bodies = try users.map { user in
            try Self.json(TokenRequest(uid: user.uid, token: user.token, device_flag: 0, device_level: 1))
        }
        try await self.postAll("/user/token", bodies: bodies)
    }

    /// `POST /channel` creating a group with its subscribers.
    func createGroup(channelID: String, subscribers: [String]) async throws {
        let body = try Self.json(ChannelRequest(channel_id: channelID, channel_type: 2, subscribers: subscribers))
        try await self.postAll("/channel", bodies: [body])
    }

    /// Sends the bodies over up to `concurrency` keep-alive connections.
    private func postAll(_ path: String, bodies: [[UInt8]]) async throws {
        guard !bodies.isEmpty else { return }
        let workers = max(1, min(self.concurrency, bodies.count))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for worker in 0..<workers {
                tasks.addTask {
                    let client = try await AdminHTTPClient.connect(self.address, group: self.group)
                    do {
                        for index in stride(from: worker, to: bodies.count, by: workers) {
                            let response = try await client.post(path, json: bodies[index])
                            guard (200..<300).contains(response.status) else {
                                throw BenchError.http("POST \(path) answered \(response.status): \(response.body)")
                            }
                        }
                    } catch {
                        await client.close()
                        throw error
                    }
                    await client.close()
                }
            }
            try await tasks.waitForAll()
        }
    }

    private static func json(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }
}
