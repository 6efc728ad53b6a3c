import Foundation
import JindouClient
import JindouHTTPAPI
import Testing

/// The OpenAPI document served at `/docs/openapi.json`: well-formed, and true of the running server.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("the served document is OpenAPI 3.0 JSON whose every $ref resolves")
    func wellFormed() async throws {
        let server = try await TestServer.start()
        let response = try await server.http.get("/docs/openapi.json")
        try await server.stopAndRemoveData()
        #expect(response.status == 200)
        #expect(OpenAPI.mediaType(response.headers["content-type"]) == "application/json")
        let document = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.0.") == true)
        #expect((document["info"] as? [String: Any])?["version"] as? String == "0.1.0")

        var references: [String] = []
        OpenAPI.collectReferences(in: document, into: &references)
        #expect(!references.isEmpty)
        for reference in Set(references).sorted() {
            #expect(OpenAPI.resolve(reference, in: document) != nil, "unresolved $ref \(reference)")
        }

        // Every operation is described, and documents the statuses every route can answer.
        let operations = OpenAPI.operations(of: document)
        #expect(operations.count >= 49)
        #expect(Set(operations.map(\.id)).count == operations.count, "operationIds are unique")
        let tags: Set = ["Users", "Channels", "Messages", "Conversations", "Connections", "Operations", "Webhooks"]
        for operation in operations {
            let name = operation.name
            #expect(!operation.id.isEmpty, "\(name) has an operationId")
            #expect(!((operation.object["summary"] as? String) ?? "").isEmpty, "\(name) has a summary")
            #expect(((operation.object["tags"] as? [String]) ?? []).allSatisfy(tags.contains), "\(name) tags")
            let statuses = Set(operation.responses.keys)
            #expect(statuses.isSuperset(of: ["200", "400", "500"]), "\(name) documents \(statuses.sorted())")
            if operation.hasBody {
                #expect(statuses.contains("413"), "\(name) documents 413")
                #expect(statuses.contains("415"), "\(name) documents 415")
                #expect(operation.bodyExample != nil, "\(name) has a request example")
            }
            for parameter in operation.parameters {
                #expect(parameter["example"] != nil, "\(name) parameter \(parameter["name"] ?? "?") has an example")
            }
        }
    }

    @Test("the document ships in the resource bundle; a missing or broken one is an error naming the file")
    func bundledResource() throws {
        let bundled = try OpenAPIDocument.bundled.get()
        #expect(try JSONSerialization.jsonObject(with: bundled.data) is [String: Any])

        // A fresh directory (and bundle) per case: a bundle caches what it found.
        func bundle(with text: String?) throws -> Bundle {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "jindou-openapi-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if let text { try Data(text.utf8).write(to: directory.appendingPathComponent("openapi.json")) }
            return try #require(Bundle(path: directory.path))
        }
        let cases: [(text: String?, error: String)] = [
            (nil, "openapi.json is missing"), ("{\"openapi\": ", "not valid JSON"),
            (#"{"swagger":"2.0"}"#, "not an OpenAPI 3 document"),
        ]
        for (text, message) in cases {
            let bundle = try bundle(with: text)
            defer { try? FileManager.default.removeItem(atPath: bundle.bundlePath) }
            #expect {
                try OpenAPIDocument.load(from: bundle)
            } throws: { error in
                error is OpenAPIDocumentError && "\(error)".contains(message) && "\(error)".contains("openapi.json")
            }
        }
    }

    /// Sends every operation's own example against a server prepared with the fixtures the examples
    /// name, and checks the answer against what the operation documents.
    @Test("every operation's example gets a documented answer, and most succeed")
    func exampleWalk() async throws {
        // The fixtures are replayed before every operation: far more user-management calls per
        // second than the default per-token limit allows.
        let server = try await TestServer.start { $0.userAPIRate = 0 }
        let http = server.http
        let served = try await http.get("/docs/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: served.body) as? [String: Any])
        let operations = OpenAPI.operations(of: document)
        let byID = Dictionary(operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var live: [JindouClientConnection] = []

        /// The state the examples assume: users user1..user3 with tokens, group1 (type 2) with
        /// subscribers user1 and user2 holding message msg-0001, and the system uid robot1. Built by
        /// replaying the document's own examples, before every operation, so that an operation that
        /// deletes or clears something does not break the ones after it.
        func prepare() async -> [String] {
            var problems: [String] = []
            for uid in ["user1", "user2", "user3"] {
                do { try await server.registerToken(uid) } catch { problems.append("token \(uid): \(error)") }
            }
            for id in ["createOrUpdateChannel", "sendMessage", "addSystemUIDs"] {
                guard let operation = byID[id], let body = operation.bodyExample else {
                    problems.append("\(id): no example")
                    continue
                }
                do {
                    let response = try await http.post(operation.path, raw: try OpenAPI.jsonData(body))
                    if response.status != 200 { problems.append("\(id): \(response)") }
                } catch {
                    problems.append("\(id): \(error)")
                }
            }
            return problems
        }

        var succeeded: [String] = []
        var failed: [String] = []
        var fixtureProblems: Set<String> = []
        for operation in operations {
            fixtureProblems.formUnion(await prepare())
            var body = operation.bodyExample
            // Connection ids are assigned by the server: kick or close a connection made just now.
            if operation.path.hasPrefix("/conn/"), var object = body as? [String: Any] {
                do {
                    let client = try await server.connect("user1")
                    live.append(client)
                    let connz = try await http.get("/connz?uid=user1&limit=1000")
                    let connections = connz.json["connections"] as? [[String: Any]] ?? []
                    if let id = (connections.last?["id"] as? NSNumber)?.int64Value { object["conn_id"] = id }
                } catch {
                    Issue.record("connecting user1 for \(operation.name): \(error)")
                }
                body = object
            }

            let response: HTTPTestClient.Response
            switch operation.method {
            case "get":
                response = try await http.get(operation.examplePath + operation.exampleQuery)
            case "post":
                response = try await http.post(
                    operation.examplePath + operation.exampleQuery, raw: try OpenAPI.jsonData(body ?? [:]))
            case "delete":
                response = try await http.send("DELETE", operation.examplePath + operation.exampleQuery)
            default:
                Issue.record("\(operation.name): method not covered by the walk")
                continue
            }

            let status = String(response.status)
            guard let documented = operation.responses[status].flatMap({ OpenAPI.resolveObject($0, in: document) })
            else {
                Issue.record("\(operation.name) answered undocumented status \(response)")
                failed.append("\(operation.name) -> \(response.status) \(response.text.prefix(200))")
                continue
            }
            if (200..<300).contains(response.status) {
                succeeded.append(operation.name)
            } else {
                failed.append("\(operation.name) -> \(response.status) \(response.text.prefix(200))")
            }
            checkBody(response, against: documented, of: operation, in: document)
        }
        for client in live { await client.close() }
        try await server.stopAndRemoveData()

        let share = Double(succeeded.count) / Double(max(operations.count, 1))
        print("OpenAPI example walk: \(succeeded.count) of \(operations.count) operations answered 2xx")
        for line in failed { print("  not 2xx: \(line)") }
        for problem in fixtureProblems.sorted() {
            print("  fixture problem: \(problem.replacingOccurrences(of: "\n", with: " ").prefix(300))")
        }
        #expect(share >= 0.8, "only \(succeeded.count) of \(operations.count) operations reached 2xx (listed above)")
    }

    /// Checks the response's content type and, for JSON, the documented schema's top-level required
    /// properties (for an array, those of each item).
    private func checkBody(
        _ response: HTTPTestClient.Response, against documented: [String: Any], of operation: OpenAPI.Operation,
        in document: [String: Any]
    ) {
        let name = "\(operation.name) \(response.status)"
        guard let content = documented["content"] as? [String: Any] else {
            #expect(response.body.isEmpty, "\(name) documents no body")
            return
        }
        let mediaType = OpenAPI.mediaType(response.headers["content-type"])
        guard let media = content.first(where: { OpenAPI.mediaType($0.key) == mediaType })?.value as? [String: Any]
        else {
            Issue.record("\(name): content type \(mediaType) is not one of \(content.keys.sorted())")
            return
        }
        guard mediaType == "application/json" else { return }
        guard let value = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]) else {
            Issue.record("\(name): body is not JSON: \(response.text.prefix(200))")
            return
        }
        guard let schema = (media["schema"] as? [String: Any]).flatMap({ OpenAPI.resolveObject($0, in: document) })
        else {
            return
        }
        func requireProperties(_ value: Any, _ schema: [String: Any], _ what: String) {
            guard let required = schema["required"] as? [String], !required.isEmpty else { return }
            guard let object = value as? [String: Any] else {
                Issue.record("\(name): \(what) is not an object: \(response.text.prefix(200))")
                return
            }
            let missing = required.filter { object[$0] == nil }
            #expect(missing.isEmpty, "\(name): \(what) lacks \(missing): \(response.text.prefix(300))")
        }
        switch schema["type"] as? String {
        case "array":
            guard let array = value as? [Any] else {
                Issue.record("\(name): body is not an array: \(response.text.prefix(200))")
                return
            }
            if let items = (schema["items"] as? [String: Any]).flatMap({ OpenAPI.resolveObject($0, in: document) }) {
                for (index, item) in array.enumerated() { requireProperties(item, items, "item \(index)") }
            }
        case "object":
            requireProperties(value, schema, "body")
        default:
            break
        }
    }
}

/// Reading an OpenAPI document parsed by JSONSerialization.
enum OpenAPI {
    struct Operation {
        var path: String
        var method: String
        var object: [String: Any]

        var id: String { object["operationId"] as? String ?? "" }
        var name: String { "\(method.uppercased()) \(path) (\(id))" }
        var responses: [String: Any] { object["responses"] as? [String: Any] ?? [:] }
        var parameters: [[String: Any]] { object["parameters"] as? [[String: Any]] ?? [] }
        var hasBody: Bool { object["requestBody"] != nil }

        /// The example of the JSON request body.
        var bodyExample: Any? {
            let body = object["requestBody"] as? [String: Any]
            let json = (body?["content"] as? [String: Any])?["application/json"] as? [String: Any]
            return json?["example"]
        }

        /// The path with each `{parameter}` replaced by its example.
        var examplePath: String {
            var result = path
            for parameter in parameters where parameter["in"] as? String == "path" {
                guard let name = parameter["name"] as? String, let example = parameter["example"] else { continue }
                result = result.replacingOccurrences(of: "{\(name)}", with: "\(example)")
            }
            return result
        }

        /// `?name=value&…` from the parameters' examples, or "".
        var exampleQuery: String {
            var components = URLComponents()
            components.queryItems = parameters.compactMap { parameter in
                guard parameter["in"] as? String == "query", let name = parameter["name"] as? String,
                    let example = parameter["example"]
                else { return nil }
                return URLQueryItem(name: name, value: "\(example)")
            }
            guard let query = components.percentEncodedQuery, !query.isEmpty else { return "" }
            return "?" + query
        }
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Every operation, in document order of paths, with its parameters and request body
    /// references resolved.
    static func operations(of document: [String: Any]) -> [Operation] {
        let paths = document["paths"] as? [String: Any] ?? [:]
        return paths.keys.sorted().flatMap { path in
            let item = paths[path] as? [String: Any] ?? [:]
            return methods.compactMap { method -> Operation? in
                guard var object = item[method] as? [String: Any] else { return nil }
                if let parameters = object["parameters"] as? [Any] {
                    object["parameters"] = parameters.compactMap { resolveObject($0, in: document) }
                }
                if let body = object["requestBody"] {
                    object["requestBody"] = resolveObject(body, in: document)
                }
                return Operation(path: path, method: method, object: object)
            }
        }
    }

    /// Every `$ref` value anywhere in `value`.
    static func collectReferences(in value: Any, into references: inout [String]) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if key == "$ref", let reference = child as? String {
                    references.append(reference)
                } else {
                    collectReferences(in: child, into: &references)
                }
            }
        } else if let array = value as? [Any] {
            for child in array { collectReferences(in: child, into: &references) }
        }
    }

    /// The value a local reference (`#/a/b`) points at, or nil.
    static func resolve(_ reference: String, in document: [String: Any]) -> Any? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = node as? [String: Any], let next = object[key] {
                node = next
            } else if let array = node as? [Any], let index = Int(key), array.indices.contains(index) {
                node = array[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// An object, following `$ref`s.
    static func resolveObject(_ value: Any, in document: [String: Any]) -> [String: Any]? {
        var current = value as? [String: Any]
        var hops = 0
        while let reference = current?["$ref"] as? String, hops < 16 {
            current = resolve(reference, in: document) as? [String: Any]
            hops += 1
        }
        return current
    }

    /// `type/subtype` of a content type, lowercased, without parameters.
    static func mediaType(_ contentType: String?) -> String {
        (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? ""
    }

    static func jsonData(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
    }
}
