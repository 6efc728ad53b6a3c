import Foundation
import Testing

/// A documented path asked with a method it does not serve answers 405 with `Allow` naming exactly
/// the documented methods; an unknown path stays a 404. On the router, without sockets.
@Suite("Method not allowed")
struct MethodNotAllowedTests {
    @Test("every documented path answers 405 with Allow for an undeclared method, in its dialect's envelope")
    func undeclaredMethods() async throws {
        try await withTestRouter { router in
            let http = router.http
            let served = try await http.get("/docs/openapi.json")
            let document = try #require(try JSONSerialization.jsonObject(with: served.body) as? [String: Any])
            let byPath = Dictionary(grouping: OpenAPI.operations(of: document), by: \.path)
            #expect(byPath.count >= 60)
            for (path, operations) in byPath.sorted(by: { $0.key < $1.key }) {
                let declared = Set(operations.map { $0.method.uppercased() })
                let target = operations[0].examplePath
                for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "QUERY"]
                where !declared.contains(method) {
                    let response = try await http.send(method, target)
                    #expect(response.status == 405, "\(method) \(path): \(response)")
                    let allow = (response.headers["allow"] ?? "").split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    #expect(
                        Set(allow) == declared, "\(method) \(path): Allow \(allow), documented \(declared.sorted())")
                    // The Easemob routes keep Easemob's error envelope; the others WuKongIM's.
                    let key = path.contains("/users") ? "error" : "msg"
                    #expect(response.json[key] != nil, "\(method) \(path): \(response)")
                }
            }
            let unknown = try await http.send("PUT", "/no/such/route")
            #expect(unknown.status == 404, "\(unknown)")
            #expect(unknown.headers["allow"] == nil)
        }
    }
}
