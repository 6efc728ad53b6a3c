import Foundation
import JindouCore
import Testing

/// Who may call a route is declared where it is registered: every route the router serves has a
/// declaration, every one is in the OpenAPI document, and the document lists nothing else.
@Suite("Route declarations")
struct RouteDeclarationTests {
    @Test("every served route declares its access and is documented; every documented operation is served")
    func routesMatchTheirDeclarationsAndTheDocument() async throws {
        try await withTestServer { server in
            let served = Set(server.server.httpRoutes.map { "\($0.method) \($0.path)" })
            let declared = Set(server.server.routeTable.routes.map { "\($0.method) \($0.path)" })
            #expect(!served.isEmpty)
            #expect(
                served.subtracting(declared).isEmpty,
                "served without a declared access: \(served.subtracting(declared).sorted())")
            #expect(
                declared.subtracting(served).isEmpty,
                "declared but not served: \(declared.subtracting(served).sorted())")

            let document = try await server.http.get("/docs/openapi.json").json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "delete", "patch", "head"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(
                served.subtracting(documented).isEmpty,
                "served but not documented: \(served.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(served).isEmpty,
                "documented but not served: \(documented.subtracting(served).sorted())")
        }
    }

    @Test("forcing a user's logout is an admin's act, although Easemob makes it a GET")
    func disconnectIsAdminOnly() async throws {
        let server = try await AdminAccessTests.start()
        let http = server.http
        #expect(
            try await http.with(token: AdminAccessTests.admin.secret).post("/users", ["username": "leaver"]).status
                == 200)
        #expect(
            try await http.with(token: AdminAccessTests.readonly.secret).get("/users/leaver/disconnect").status == 403)
        #expect(
            try await http.with(token: AdminAccessTests.service.secret).get("/users/leaver/disconnect").status == 403)
        #expect(try await http.with(token: AdminAccessTests.admin.secret).get("/users/leaver/disconnect").status == 200)
        // Reading a user stays a read.
        #expect(try await http.with(token: AdminAccessTests.readonly.secret).get("/users/leaver").status == 200)
        try await server.stopAndRemoveData()
    }
}
