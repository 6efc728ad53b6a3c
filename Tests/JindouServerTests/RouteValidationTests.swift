import Foundation
import Testing

/// Every route's validation: a 400 whose message names the field, and no state change. On the
/// router, without sockets.
@Suite("Route validation")
struct RouteValidationTests {
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
            for (path, body, message) in posts {
                let response = try await http.post(path, body)
                #expect(response.status == 400, "\(path) \(body): \(response)")
                #expect(response.json["status"] as? Int == 400)
                #expect((response.json["msg"] as? String)?.contains(message) == true, "\(path): \(response.text)")
            }
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
