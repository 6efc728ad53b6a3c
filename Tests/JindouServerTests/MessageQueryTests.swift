import Foundation
import JindouClient
import JindouProtocol
import Testing

/// Reads of single messages and channel positions, and batch sends.
@Suite("Message queries")
struct MessageQueryTests {
    @Test("/messages, /message, byclientmsgno, max_message_seq and last_message")
    func lookups() async throws {
        try await withTestServer { server in
            let http = server.http
            try await server.createGroup("log", subscribers: ["w"])
            #expect(try await http.get("/channel/last_message?channel_id=log&channel_type=2").status == 404)
            #expect(
                try await http.get("/channel/max_message_seq?channel_id=log&channel_type=2").json["message_seq"] as? Int
                    == 0)
            var ids: [Int64] = []
            for index in 1...4 {
                let response = try await http.post(
                    "/message/send",
                    [
                        "from_uid": "w", "channel_id": "log", "channel_type": 2, "client_msg_no": "cm\(index)",
                        "payload": Data(textPayload("n\(index)")).base64EncodedString(),
                    ])
                ids.append((response.json["message_id"] as? NSNumber)?.int64Value ?? 0)
            }
            let picked = try await http.post(
                "/messages",
                [
                    "channel_id": "log", "channel_type": 2, "message_seqs": [1], "message_ids": [ids[2]],
                    "client_msg_nos": ["cm4", "nope"],
                ])
            #expect((picked.json["messages"] as? [[String: Any]])?.map { $0["message_seq"] as? Int } == [1, 3, 4])

            let byID = try await http.post("/message", ["channel_id": "log", "channel_type": 2, "message_id": ids[1]])
            #expect(byID.json["client_msg_no"] as? String == "cm2")
            #expect(byID.json["message_idstr"] as? String == String(ids[1]))
            let byNo = try await http.post(
                "/message", ["channel_id": "log", "channel_type": 2, "client_msg_no": "cm3"])
            #expect(byNo.json["message_seq"] as? Int == 3)
            #expect(
                try await http.post("/message", ["channel_id": "log", "channel_type": 2, "message_id": 42]).status
                    == 404)
            #expect(try await http.post("/message", ["channel_id": "log", "channel_type": 2]).status == 400)
            #expect(
                try await http.get("/message/byclientmsgno?channel_id=log&channel_type=2&client_msg_no=cm1").json[
                    "message_seq"] as? Int == 1)
            #expect(try await http.get("/message/byclientmsgno?channel_id=log&channel_type=2").status == 400)
            #expect(
                try await http.get("/message/byclientmsgno?channel_id=log&channel_type=2&client_msg_no=zzz").status
                    == 404)
            #expect(
                try await http.get("/channel/max_message_seq?channel_id=log&channel_type=2").json["message_seq"] as? Int
                    == 4)
            let last = try await http.get("/channel/last_message?channel_id=log&channel_type=2")
            #expect(last.json["client_msg_no"] as? String == "cm4")
            #expect(try await http.get("/channel/max_message_seq?channel_id=log&channel_type=x").status == 400)

            // Person channels are addressed by the peer and the viewer (login_uid).
            try await server.registerToken("p1")
            try await server.registerToken("p2")
            #expect(
                try await http.post(
                    "/message/send",
                    ["from_uid": "p1", "channel_id": "p2", "channel_type": 1, "payload": "eyJhIjoxfQ=="]
                ).status == 200)
            #expect(
                try await http.get("/channel/max_message_seq?channel_id=p1&channel_type=1&login_uid=p2").json[
                    "message_seq"] as? Int == 1)
            #expect(try await http.get("/channel/max_message_seq?channel_id=p1&channel_type=1").status == 400)
            let personLast = try await http.get("/channel/last_message?channel_id=p2&channel_type=1&login_uid=p1")
            #expect(personLast.json["channel_id"] as? String == "p2")
        }
    }

    @Test("/message/sendbatch sends one person message per recipient and lists refusals")
    func sendBatch() async throws {
        try await withTestServer { server in
            let first = try await server.connect("fan1")
            let inbox = MessageInbox(first)
            #expect(
                try await server.http.post(
                    "/channel/blacklist_add", ["channel_id": "fan2", "channel_type": 1, "uids": ["star"]]
                ).status == 200)
            let response = try await server.http.post(
                "/message/sendbatch",
                [
                    "from_uid": "star", "subscribers": ["fan1", "fan2"],
                    "payload": Data(textPayload("news")).base64EncodedString(),
                ])
            #expect(response.status == 200)
            #expect(response.json["fail_uids"] as? [String] == ["fan2"])
            #expect(response.json["reason"] as? [Int] == [4])
            let received = try await inbox.next()
            #expect(received.fromUID == "star")
            #expect(received.channelID == "star")
            #expect(
                try await server.http.post("/message/sendbatch", ["from_uid": "star", "payload": "eyJ9"]).status == 400)
            await first.close()
        }
    }
}
