import Foundation
import Testing

/// Every route's validation: a 400 whose message names the field, and no state change. On the
/// router, without sockets.
@Suite("Route validation")
struct RouteValidationTests {
    /// POSTs each body to its path and expects a 400 in WuKongIM's envelope whose message
    /// contains the given text.
    static func expectBadRequests(_ cases: [(String, Any, String)], on http: HTTPTestClient) async throws {
        for (path, body, message) in cases {
            let response = try await http.post(path, body)
            #expect(response.status == 400, "\(path) \(body): \(response)")
            #expect(response.json["status"] as? Int == 400)
            #expect((response.json["msg"] as? String)?.contains(message) == true, "\(path): \(response.text)")
        }
    }

    @Test("validation errors are 400s that name the field, and change nothing")
    func validation() async throws {
        try await withTestRouter { router in
            let http = router.http
            let cases: [(String, Any, String)] = [
                ("/user/token", ["token": "t"], "uid cannot be empty"),
                ("/user/token", ["uid": "a", "token": ""], "token cannot be empty"),
                ("/user/token", ["uid": "a#b", "token": "t"], "uid cannot contain special characters"),
                ("/user/token", ["uid": "a", "token": "t", "device_flag": 7], "device_flag"),
                ("/channel", ["channel_type": 2], "Channel ID cannot be empty"),
                ("/channel", ["channel_id": "g", "channel_type": 0], "Channel type cannot be 0"),
                ("/channel", ["channel_id": "g@x", "channel_type": 2], "Channel ID cannot contain special characters"),
                (
                    "/channel", ["channel_id": "p", "channel_type": 1, "subscribers": ["a"]],
                    "Person channels do not support subscribers"
                ),
                ("/channel", ["channel_id": "g", "channel_type": "two"], "channel_type has the wrong type"),
                ("/channel", ["channel_id": "g", "channel_type": 2, "ban": 5], "ban must be 0 or 1"),
                ("/channel/subscriber_add", ["channel_id": "g", "channel_type": 2], "subscribers cannot be empty"),
                ("/channel/blacklist_add", ["channel_id": "g", "channel_type": 2, "uids": []], "uids cannot be empty"),
                (
                    "/channel/whitelist_add", ["channel_id": "", "channel_type": 2, "uids": ["a"]],
                    "Channel ID cannot be empty"
                ),
                ("/message/send", ["channel_id": "g", "channel_type": 2], "payload cannot be empty"),
                ("/message/send", ["channel_id": "g", "channel_type": 2, "payload": "%%%"], "payload must be base64"),
                ("/channel/messagesync", ["channel_id": "g", "channel_type": 2], "login_uid cannot be empty"),
                (
                    "/channel", ["channel_id": String(repeating: "x", count: 600), "channel_type": 2],
                    "longer than 512 bytes"
                ),
                ("/user/token", ["uid": String(repeating: "u", count: 300), "token": "t"], "longer than 255 bytes"),
                // A RECV for a 40,000-byte channel id could not be encoded: refused at the door, no crash.
                (
                    "/message/send",
                    ["channel_id": String(repeating: "c", count: 40_000), "channel_type": 2, "payload": "eyJ9"],
                    "longer than 512 bytes"
                ),
            ]
            try await Self.expectBadRequests(cases, on: http)
            let notJSON = try await http.post("/channel", raw: Data("{not json".utf8))
            #expect(notJSON.status == 400)
            let unknownRoute = try await http.get("/nope")
            #expect(unknownRoute.status == 404)
            #expect(unknownRoute.json["status"] as? Int == 404)
            // Nothing was created by the failed calls.
            let probe = try await http.post(
                "/channel/whitelist_remove", ["channel_id": "g", "channel_type": 2, "uids": ["a"]])
            #expect(probe.status == 404)
        }
    }

    @Test("each route answers 400 naming the field")
    func badRequests() async throws {
        try await withTestRouter { router in
            let http = router.http
            #expect(
                try await http.post("/channel", ["channel_id": "g", "channel_type": 2, "subscribers": ["u"]]).status
                    == 200)
            let posts: [(String, Any, String)] = [
                ("/user/device_quit", [String: Any](), "uid cannot be empty"),
                ("/user/device_quit", ["uid": "u", "device_flag": 5], "device_flag must be"),
                ("/user/onlinestatus", [1, 2], "wrong type"),
                ("/user/systemuids_add", ["uids": []], "uids cannot be empty"),
                ("/user/systemuids_add_to_cache", ["uids": [""]], "uids cannot be empty"),
                ("/user/systemuids_remove_from_cache", ["uids": ["a@b"]], "invalid uid"),
                ("/channel/info", ["channel_type": 2], "Channel ID cannot be empty"),
                ("/channel/info", ["channel_id": "g", "channel_type": 0], "Channel type cannot be 0"),
                ("/channel/info", ["channel_id": "g#1", "channel_type": 2], "special characters"),
                ("/channel/info", ["channel_id": "g\n1", "channel_type": 2], "special characters"),
                ("/channel/info", ["channel_id": "g", "channel_type": 2, "system": 2], "system must be 0 or 1"),
                ("/channel/delete", ["channel_id": "g"], "Channel type cannot be 0"),
                ("/channel/subscriber_remove_all", ["channel_type": 2], "Channel ID cannot be empty"),
                (
                    "/channel/subscriber_add", ["channel_id": "g", "subscribers": ["x"], "temp_subscriber": 1],
                    "temp_subscriber"
                ),
                (
                    "/channel/subscriber_add", ["channel_id": "g", "channel_type": 1, "subscribers": ["x"]],
                    "Person channels"
                ),
                ("/channel/blacklist_remove_all", ["channel_id": "g", "channel_type": 0], "Channel type cannot be 0"),
                ("/channel/whitelist_set", ["channel_id": "g", "channel_type": 2, "uids": ["a&b"]], "invalid uid"),
                ("/message/sendbatch", ["subscribers": ["u"], "payload": "eyJ9"], "from_uid cannot be empty"),
                ("/message/sendbatch", ["from_uid": "u", "payload": "eyJ9"], "subscribers cannot be empty"),
                ("/message/sendbatch", ["from_uid": "u", "subscribers": ["x"]], "payload cannot be empty"),
                // The header is read through the API's snake_case keys (an out-of-range flag is refused).
                (
                    "/message/sendbatch",
                    ["from_uid": "u", "subscribers": ["x"], "payload": "eyJ9", "header": ["sync_once": -5]],
                    "header.sync_once"
                ),
                (
                    "/message/send",
                    ["channel_id": "g", "channel_type": 2, "payload": "eyJ9", "header": ["red_dot": 2]],
                    "header.red_dot"
                ),
                (
                    "/message/send", ["channel_id": "g", "channel_type": 2, "payload": "eyJ9", "subscribers": ["x"]],
                    "subscribers"
                ),
                ("/messages", ["channel_type": 2], "Channel ID cannot be empty"),
                ("/messages", ["channel_id": "p", "channel_type": 1], "login_uid cannot be empty"),
                (
                    "/messages", ["channel_id": "g", "channel_type": 2, "message_seqs": ["one"]],
                    "message_seqs[0] has the wrong type"
                ),
                ("/message", ["channel_id": "g", "channel_type": 0], "Channel type cannot be 0"),
                ("/conversation/channels", [String: Any](), "uid cannot be empty"),
                ("/conversation/syncMessages", ["uid": "u"], "channels cannot be empty"),
                ("/conversations/clearUnread", ["channel_id": "g", "channel_type": 2], "uid cannot be empty"),
                ("/conn/kick", ["conn_id": 1], "uid cannot be empty"),
                ("/conn/remove", ["uid": "u"], "conn_id cannot be 0"),
                ("/route/batch", ["uid": "u"], "wrong type"),
            ]
            try await Self.expectBadRequests(posts, on: http)
            let gets: [(String, String)] = [
                ("/channel/whitelist?channel_type=2", "Channel ID cannot be empty"),
                ("/channel/blacklist?channel_id=g&channel_type=abc", "channel_type must be an integer"),
                ("/message/byclientmsgno?channel_id=g&channel_type=2", "client_msg_no cannot be empty"),
                ("/channel/last_message?channel_id=g", "Channel type cannot be 0"),
                ("/connz?offset=-1", "offset cannot be negative"),
            ]
            for (path, message) in gets {
                let response = try await http.get(path)
                #expect(response.status == 400, "\(path): \(response)")
                #expect((response.json["msg"] as? String)?.contains(message) == true, "\(path): \(response.text)")
            }
            // None of it changed anything.
            #expect(try await http.get("/channel/subscribers?channel_id=g&channel_type=2").text == "[\"u\"]")
            #expect(try await http.get("/user/systemuids").text == "[]")
        }
    }
}
