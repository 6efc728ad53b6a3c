import Foundation
import JindouCore
import Testing

/// Who may call a route is declared where it is registered: every route the router serves has a
/// declaration, every one is in the OpenAPI document, and the document lists nothing else. On
/// the router, without sockets.
@Suite("Route declarations")
struct RouteDeclarationTests {
    @Test("every served route declares its access and is documented; every documented operation is served")
    func routesMatchTheirDeclarationsAndTheDocument() async throws {
        try await withTestRouter { router in
            let pages = Set(
                router.routeTable.routes.filter { !$0.declaration.isAPIOperation }.map { "\($0.method) \($0.path)" })
            #expect(pages.contains("GET /console") && pages.contains("GET /chat"))
            let served = Set(router.routes.map { "\($0.method) \($0.path)" }).subtracting(pages)
            let declared = Set(router.routeTable.routes.map { "\($0.method) \($0.path)" }).subtracting(pages)
            #expect(!served.isEmpty)
            expectSame(
                served, declared, onlyFirst: "served without a declared access", onlySecond: "declared but not served")

            let document = try await router.http.get("/docs/openapi.json").json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "delete", "patch", "head"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            expectSame(
                served, documented, onlyFirst: "served but not documented", onlySecond: "documented but not served")
        }
    }

    @Test("the routes a user credential may call are exactly the operations documented with WKUserAuth")
    func userRoutesMatchTheDocument() async throws {
        try await withTestRouter { router in
            let declared = Set(
                router.routeTable.routes.filter { $0.declaration.user != nil }.map { "\($0.method) \($0.path)" })
            #expect(
                declared == [
                    "GET /route", "POST /conversation/sync", "POST /channel/messagesync",
                    "POST /conversations/clearUnread",
                ])
            let document = try await router.http.get("/docs/openapi.json").json
            let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
            #expect(schemes?["WKUserAuth"] != nil)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let security = (operation as? [String: Any])?["security"] as? [[String: Any]] ?? []
                    if security.contains(where: { $0["WKUserAuth"] != nil }) {
                        documented.insert("\(method.uppercased()) \(path)")
                    }
                }
            }
            #expect(documented == declared)
        }
    }

    @Test("forcing a user's logout is an admin's act, although Easemob makes it a GET")
    func disconnectIsAdminOnly() async throws {
        try await withTestRouter(configure: { $0.apiTokens = AdminAccessTests.tokens }) { router async throws in
            let http = router.http
            let admin = http.with(token: AdminAccessTests.admin.secret)
            let service = http.with(token: AdminAccessTests.service.secret)
            let readonly = http.with(token: AdminAccessTests.readonly.secret)
            #expect(try await admin.post("/users", ["username": "leaver"]).status == 200)
            #expect(try await readonly.get("/users/leaver/disconnect").status == 403)
            #expect(try await service.get("/users/leaver/disconnect").status == 403)
            #expect(try await admin.get("/users/leaver/disconnect").status == 200)
            // Reading a user stays a read.
            #expect(try await readonly.get("/users/leaver").status == 200)
        }
    }

    /// Expects two sets of routes to be equal, naming the routes only one of them has.
    private func expectSame(
        _ first: Set<String>, _ second: Set<String>, onlyFirst: String, onlySecond: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            first.subtracting(second).isEmpty, "\(onlyFirst): \(first.subtracting(second).sorted())",
            sourceLocation: sourceLocation)
        #expect(
            second.subtracting(first).isEmpty, "\(onlySecond): \(second.subtracting(first).sorted())",
            sourceLocation: sourceLocation)
    }
}
