import Foundation
import Hummingbird
import HummingbirdTesting
import JindouCore
import JindouHTTPAPI
import JindouServer
import NIOPosix

/// The HTTP API's router over a fresh store, called in-process through HummingbirdTesting's
/// router mode: no sockets and no gateway. For behaviour that is the HTTP API's alone
/// (validation, access, 405s); the real-socket suite stays the integration layer.
struct TestRouter: Sendable {
    /// A client whose requests go straight into the router.
    let http: HTTPTestClient
    /// The routes the router serves, as it lists them (`GET /health`, …).
    let routes: [(method: String, path: String)]
    /// Every route with the access it declared.
    let routeTable: RouteTable
}

/// Builds the router over a store in a temp directory, runs `body` with it, then closes and
/// deletes the store, also when `body` throws. `clock` times the rate limits.
func withTestRouter<Result: Sendable>(
    clock: any Clock<Duration> = ContinuousClock(), configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (TestRouter) async throws -> Result
) async throws -> Result {
    let directory = TestServer.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var configuration = ServerConfiguration()
    configuration.dataDirectory = directory
    configure(&configuration)
    let core = try await ServerCore.open(
        configuration, clock: clock, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: TestServer.logger())
    let routeTable = RouteTable()
    let loopback = HostPort(host: "127.0.0.1", port: 0)
    let router = core.router(node: core.node(tcp: loopback, ws: loopback), routeTable: routeTable) { 0 }
    let routes = router.routes.map { (method: $0.method.rawValue, path: $0.path.description) }
    do {
        let result = try await Application(router: router).test(.router) { client in
            try await body(TestRouter(http: HTTPTestClient(router: client), routes: routes, routeTable: routeTable))
        }
        await core.storage.close()
        return result
    } catch {
        await core.storage.close()
        throw error
    }
}
