import Foundation
import Testing

/// No request can crash the server or make it work without bound (issue 9: overflowing seqs and
/// pages, uncapped lists, bodies that are not JSON), checked over real HTTP against a real server.
@Suite("HTTP hardening")
struct HTTPHardeningTests {
    /// `UInt64.max`: more than a stored seq can be.
    static let tooLarge = "18446744073709551615"

    @Test("seqs above Int64.max and huge pages answer 400 naming the field, and the server lives on")
    func overflowingRequests() async throws {
        let server = try await TestServer.start()
        let http = server.http
        // A group with a message, and a person conversation of u with peer.
        try await server.createGroup("g", subscribers: ["u", "peer"])
        for (from, channel, type) in [("u", "g", 2), ("peer", "u", 1)] {
            let sent = try await http.post(
                "/message/send", ["from_uid": from, "channel_id": channel, "channel_type": type, "payload": "eyJ9"])
            try #require(sent.status == 200, "\(sent)")
        }
        let conversations = try await http.post("/conversation/sync", ["uid": "u"])
        try #require(conversations.text.contains("\"peer\""), "\(conversations)")

        let requests: [(path: String, body: String, message: String)] = [
            (
                "/channel/messagesync",
                #"{"login_uid":"u","channel_id":"g","channel_type":2,"end_message_seq":\#(Self.tooLarge),"pull_mode":0}"#,
                "end_message_seq must be from 0 to 9223372036854775807"
            ),
            (
                "/conversation/syncMessages",
                #"{"uid":"u","channels":[{"channel_id":"g","channel_type":2,"last_msg_seq":\#(Self.tooLarge)}]}"#,
                "channels[0].last_msg_seq must be from 0 to 9223372036854775807"
            ),
            ("/conversation/sync", #"{"uid":"u","page":4611686018427387904}"#, "page must be from 0 to 2147483647"),
            (
                "/conversation/sync", #"{"uid":"u","last_msg_seqs":"peer:1:\#(Self.tooLarge)"}"#,
                "last_msg_seqs must be from 0 to 9223372036854775807"
            ),
        ]
        for request in requests {
            let response = try await http.post(request.path, raw: Data(request.body.utf8))
            #expect(response.status == 400, "\(request.path) \(request.body): \(response)")
            #expect(response.json["msg"] as? String == request.message, "\(request.path): \(response)")
            #expect(try await http.get("/health").status == 200, "after \(request.path) \(request.body)")
        }

        // The largest values in range work.
        let inRange: [(String, String)] = [
            (
                "/channel/messagesync",
                #"{"login_uid":"u","channel_id":"g","channel_type":2,"end_message_seq":9223372036854775807,"pull_mode":0}"#
            ),
            (
                "/conversation/syncMessages",
                #"{"uid":"u","channels":[{"channel_id":"g","channel_type":2,"last_msg_seq":9223372036854775807}]}"#
            ),
            ("/conversation/sync", #"{"uid":"u","page":2147483647,"page_size":500}"#),
            ("/conversation/sync", #"{"uid":"u","last_msg_seqs":"peer:1:9223372036854775807"}"#),
        ]
        for (path, body) in inRange {
            let response = try await http.post(path, raw: Data(body.utf8))
            #expect(response.status == 200, "\(path) \(body): \(response)")
        }
        try await server.stopAndRemoveData()
    }

    @Test("a list over its limit is refused with 413 naming the field and the limit, and changes nothing")
    func listLimits() async throws {
        let server = try await TestServer.start { $0.userAPIRate = 0 }
        let http = server.http
        try await server.createGroup("g", subscribers: ["a"])
        let tooMany = (0...10_000).map { "u\($0)" }
        #expect(tooMany.count == 10_001)
        let seqs = Array(1...1001)
        let channels = Array(repeating: ["channel_id": "g", "channel_type": 2] as [String: Any], count: 1001)
        let lastMsgSeqs = (0...10_000).map { "g:2:\($0)" }.joined(separator: "|")
        let cases: [(path: String, body: Any, message: String)] = [
            (
                "/channel/subscriber_add", ["channel_id": "g", "channel_type": 2, "subscribers": tooMany],
                "subscribers cannot have more than 10000 entries"
            ),
            (
                "/channel", ["channel_id": "big", "channel_type": 2, "subscribers": tooMany],
                "subscribers cannot have more than 10000 entries"
            ),
            (
                "/channel/whitelist_set", ["channel_id": "g", "channel_type": 2, "uids": tooMany],
                "uids cannot have more than 10000 entries"
            ),
            (
                "/channel/blacklist_add", ["channel_id": "g", "channel_type": 2, "uids": tooMany],
                "uids cannot have more than 10000 entries"
            ),
            ("/user/systemuids_add", ["uids": tooMany], "uids cannot have more than 10000 entries"),
            (
                "/message/sendbatch", ["from_uid": "a", "subscribers": tooMany, "payload": "eyJ9"],
                "subscribers cannot have more than 10000 entries"
            ),
            ("/route/batch", tooMany, "The uid list cannot have more than 10000 entries"),
            ("/user/onlinestatus", Array(tooMany.prefix(1001)), "The uid list cannot have more than 1000 entries"),
            (
                "/messages", ["channel_id": "g", "channel_type": 2, "message_seqs": seqs],
                "message_seqs, message_ids and client_msg_nos together cannot have more than 1000 entries"
            ),
            (
                "/conversation/syncMessages", ["uid": "a", "channels": channels],
                "channels cannot have more than 1000 entries"
            ),
            (
                "/conversation/syncByChannels", ["uid": "a", "channels": channels],
                "channels cannot have more than 1000 entries"
            ),
            (
                "/conversation/sync", ["uid": "a", "last_msg_seqs": lastMsgSeqs],
                "last_msg_seqs cannot have more than 10000 entries"
            ),
        ]
        for (path, body, message) in cases {
            let response = try await http.post(path, body)
            #expect(response.status == 413, "\(path): \(response)")
            #expect(response.json["status"] as? Int == 413)
            #expect(response.json["msg"] as? String == message, "\(path): \(response)")
        }

        // Nothing changed: no subscriber, list entry, system uid, channel or message was added.
        #expect(try await http.get("/channel/subscribers?channel_id=g&channel_type=2").text == #"["a"]"#)
        #expect(try await http.get("/channel/subscribers?channel_id=big&channel_type=2").status == 404)
        #expect(try await http.get("/channel/whitelist?channel_id=g&channel_type=2").text == "[]")
        #expect(try await http.get("/channel/blacklist?channel_id=g&channel_type=2").text == "[]")
        #expect(try await http.get("/user/systemuids").text == "[]")
        let sent = try await http.get("/channel/max_message_seq?channel_id=u0&channel_type=1&login_uid=a")
        #expect(sent.json["message_seq"] as? Int == 0, "\(sent)")

        // The limit itself is allowed.
        let atLimit = try await http.post("/route/batch", Array(tooMany.prefix(10_000)))
        #expect(atLimit.status == 200, "\(atLimit.status)")
        try await server.stopAndRemoveData()
    }

    @Test("bodies not declared application/json are refused with 415 and change nothing, Easemob routes included")
    func contentType() async throws {
        let server = try await TestServer.start()
        let port = server.addresses.http.port
        let channel = #"{"channel_id":"ct","channel_type":2,"subscribers":["a"]}"#
        let refused = [
            ["Content-Type: text/plain"], ["Content-Type: multipart/form-data; boundary=x"],
            ["Content-Type: application/x-www-form-urlencoded"], ["Content-Type: application/jsonx"], [],
        ]
        for headers in refused {
            let response = try await RawHTTPRequest.send(
                port: port, "POST", "/channel", headers: headers, body: channel)
            #expect(response.status == 415, "\(headers): \(response)")
            #expect(response.json["status"] as? Int == 415)
            #expect(response.json["msg"] as? String == "Content-Type must be application/json", "\(response)")
        }
        #expect(try await server.http.get("/channel/subscribers?channel_id=ct&channel_type=2").status == 404)

        // Parameters and capitals are still JSON.
        for contentType in ["application/json; charset=utf-8", "Application/JSON"] {
            let response = try await RawHTTPRequest.send(
                port: port, "POST", "/channel", headers: ["Content-Type: \(contentType)"], body: channel)
            #expect(response.status == 200, "\(contentType): \(response)")
        }

        // The Easemob routes answer in their own envelope.
        let easemob = try await RawHTTPRequest.send(
            port: port, "POST", "/users", headers: ["Content-Type: text/plain"], body: #"{"username":"plain"}"#)
        #expect(easemob.status == 415, "\(easemob)")
        #expect(easemob.json["error"] as? String == "unsupported_media_type", "\(easemob)")
        #expect(easemob.json["exception"] as? String == "UnsupportedMediaTypeException")
        #expect(easemob.json["error_description"] as? String == "Content-Type must be application/json")
        #expect(try await server.http.get("/users/plain").status == 404)

        // A POST without a body needs no Content-Type.
        try #require(try await server.http.post("/users", ["username": "plain"]).status == 200)
        let ban = try await RawHTTPRequest.send(port: port, "POST", "/users/plain/deactivate", headers: [], body: "")
        #expect(ban.status == 200, "\(ban)")
        try await server.stopAndRemoveData()
    }

    /// Boundary values for integer fields, as JSON literals (spliced into the body's text) and as
    /// query parameter values.
    static let boundaryValues = ["0", "-1", "\(Int64.min)", "\(Int64.max)", tooLarge, "1e309", #""x""#]

    @Test("every integer field and query parameter of every documented operation survives boundary values")
    func integerBoundaries() async throws {
        let server = try await TestServer.start { $0.userAPIRate = 0 }
        let http = server.http
        for uid in ["user1", "user2"] { try await server.registerToken(uid) }
        try await server.createGroup("group1", subscribers: ["user1", "user2"])
        let served = try await http.get("/docs/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: served.body) as? [String: Any])
        let placeholder = "jindou-boundary-value"
        func send(
            _ operation: OpenAPI.Operation, _ target: String, _ body: String
        ) async throws -> HTTPTestClient.Response {
            switch operation.method {
            case "post": return try await http.post(target, raw: Data(body.utf8))
            case "get": return try await http.get(target)
            default: return try await http.send(operation.method.uppercased(), target)
            }
        }

        var fields = 0
        for operation in OpenAPI.operations(of: document) {
            let example = operation.bodyExample
            if let schema = operation.bodySchema(in: document) {
                for field in Set(OpenAPI.integerFields(of: schema, in: document)).sorted(by: {
                    $0.lexicographicallyPrecedes($1)
                }) {
                    fields += 1
                    let name = "\(operation.name) \(field.joined(separator: "."))"
                    let template = String(
                        decoding: try OpenAPI.jsonData(OpenAPI.replacing(field[...], in: example, with: placeholder)),
                        as: UTF8.self)
                    for value in Self.boundaryValues {
                        let body = template.replacingOccurrences(of: "\"\(placeholder)\"", with: value)
                        let response = try await send(operation, operation.examplePath + operation.exampleQuery, body)
                        #expect(response.status < 500, "\(name) = \(value): \(response)")
                    }
                    #expect(try await http.get("/health").status == 200, "after \(name)")
                }
            }
            for parameter in operation.parameters where parameter["in"] as? String == "query" {
                guard let name = parameter["name"] as? String,
                    OpenAPI.resolveObject(parameter["schema"] ?? [:], in: document)?["type"] as? String == "integer"
                else { continue }
                fields += 1
                let body = try example.map { String(decoding: try OpenAPI.jsonData($0), as: UTF8.self) } ?? "{}"
                for value in Self.boundaryValues.map({ $0.replacingOccurrences(of: "\"", with: "") }) {
                    let target = operation.examplePath + operation.exampleQuery(setting: name, to: value)
                    let response = try await send(operation, target, body)
                    #expect(response.status < 500, "\(operation.name) ?\(name)=\(value): \(response)")
                }
                #expect(try await http.get("/health").status == 200, "after \(operation.name) ?\(name)")
            }
        }
        #expect(fields >= 60, "only \(fields) integer fields and parameters found")
        try await server.stopAndRemoveData()
    }
}

extension OpenAPI {
    /// The paths to the integer fields of a schema, following `$ref`s, properties, array items
    /// (`"[]"`) and `oneOf`/`anyOf`/`allOf` members.
    static func integerFields(of schema: Any, in document: [String: Any], depth: Int = 0) -> [[String]] {
        guard depth < 10, let schema = resolveObject(schema, in: document) else { return [] }
        if schema["type"] as? String == "integer" { return [[]] }
        var paths: [[String]] = []
        for key in ["oneOf", "anyOf", "allOf"] {
            for member in schema[key] as? [Any] ?? [] {
                paths += integerFields(of: member, in: document, depth: depth + 1)
            }
        }
        if let items = schema["items"] {
            paths += integerFields(of: items, in: document, depth: depth + 1).map { ["[]"] + $0 }
        }
        for (name, property) in schema["properties"] as? [String: Any] ?? [:] {
            paths += integerFields(of: property, in: document, depth: depth + 1).map { [name] + $0 }
        }
        return paths
    }

    /// `value` with the field at `path` set to `replacement`, creating what is missing; an array
    /// becomes its first item (or a new one) with the replacement in it.
    static func replacing(_ path: ArraySlice<String>, in value: Any?, with replacement: Any) -> Any {
        guard let key = path.first else { return replacement }
        if key == "[]" {
            return [replacing(path.dropFirst(), in: (value as? [Any])?.first, with: replacement)]
        }
        var object = value as? [String: Any] ?? [:]
        object[key] = replacing(path.dropFirst(), in: object[key], with: replacement)
        return object
    }
}

extension OpenAPI.Operation {
    /// The schema of the JSON request body.
    func bodySchema(in document: [String: Any]) -> Any? {
        guard let body = object["requestBody"].flatMap({ OpenAPI.resolveObject($0, in: document) }) else { return nil }
        return ((body["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
    }

    /// ``exampleQuery`` with one parameter set to `value` (added when it has no example).
    func exampleQuery(setting name: String, to value: String) -> String {
        var components = URLComponents(string: "/" + exampleQuery) ?? URLComponents()
        var items = (components.queryItems ?? []).filter { $0.name != name }
        items.append(URLQueryItem(name: name, value: value))
        components.queryItems = items
        return "?" + (components.percentEncodedQuery ?? "")
    }
}
