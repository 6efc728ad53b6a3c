import Foundation
import JindouClient
import JindouProtocol
import Testing

/// Connections and operations: online status, kicks, routes, connz, varz, metrics.
@Suite("Operations API")
struct OperationsAPITests {
    @Test("onlinestatus, connz, conn/kick and conn/remove act on live connections")
    func connections() async throws {
        try await withTestServer { server in
            let http = server.http
            let phone = try await server.connect("ops_user", deviceFlag: 0)
            let phoneInbox = MessageInbox(phone)
            let web = try await server.connect("ops_user", deviceFlag: 1)

            let online = try await http.post("/user/onlinestatus", ["ops_user", "offline_user"])
            let entries = try JSONSerialization.jsonObject(with: online.body) as? [[String: Any]]
            #expect(entries?.count == 2)
            #expect(Set(entries?.compactMap { $0["device_flag"] as? Int } ?? []) == [0, 1])
            #expect(try await http.post("/user/onlinestatus", []).text == "[]")
            #expect(try await http.post("/user/onlinestatus", ["not": "an array"]).status == 400)

            let connz = try await http.get("/connz?uid=ops_user")
            let connections = connz.json["connections"] as? [[String: Any]] ?? []
            #expect(connz.json["total"] as? Int == 2)
            let phoneID = try #require(connections.first { $0["device_flag"] as? Int == 0 }?["id"] as? Int)
            let webID = try #require(connections.first { $0["device_flag"] as? Int == 1 }?["id"] as? Int)
            #expect(try await http.get("/connz?limit=0").status == 400)

            #expect(try await http.post("/conn/kick", ["uid": "ops_user", "conn_id": 999_999]).status == 404)
            #expect(try await http.post("/conn/kick", ["uid": "ops_user", "conn_id": 0]).status == 400)
            #expect(try await http.post("/conn/kick", ["uid": "ops_user", "conn_id": phoneID]).status == 200)
            #expect(try await phoneInbox.nextDisconnect().reasonCode == .connectKick)
            await phone.waitUntilClosed()
            #expect(try await http.post("/conn/remove", ["uid": "ops_user", "conn_id": webID]).status == 200)
            await web.waitUntilClosed()
            #expect(await eventually { (try? await http.get("/connz").json["total"] as? Int) == 0 })
        }
    }

    @Test("route, route/batch, varz, health and Prometheus metrics")
    func operations() async throws {
        try await withTestServer(configure: { $0.externalWSSAddress = "wss://im.example.com:5210" }) { server in
            let http = server.http
            let route = try await http.get("/route")
            #expect(route.json["tcp_addr"] as? String == "127.0.0.1:\(server.addresses.tcp.port)")
            #expect(route.json["ws_addr"] as? String == "ws://127.0.0.1:\(server.addresses.ws.port)")
            #expect(route.json["wss_addr"] as? String == "wss://im.example.com:5210")
            #expect(try await http.get("/route?intranet=2").status == 400)
            let batch = try await http.post("/route/batch", ["u1", "u2"])
            let routes = try JSONSerialization.jsonObject(with: batch.body) as? [[String: Any]]
            #expect(routes?.first?["uids"] as? [String] == ["u1", "u2"])

            let client = try await server.connect("metered")
            try await server.createGroup("m", subscribers: ["metered"])
            #expect(
                try await client.send(channelID: "m", channelType: 2, payload: textPayload("1")).reasonCode == .success)
            #expect(
                try await client.send(channelID: "elsewhere", channelType: 2, payload: textPayload("1")).reasonCode
                    == .channelNotExist)
            let varz = try await http.get("/varz")
            #expect(varz.json["connections"] as? Int == 1)
            #expect(varz.json["http_addr"] as? String == "127.0.0.1:\(server.addresses.http.port)")
            let metrics = try await http.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("jindou_messages_stored_total 1"))
            #expect(metrics.text.contains("jindou_sends_refused_total{reason=\"5\"} 1"))
            #expect(metrics.text.contains("jindou_connections 1"))
            #expect(
                metrics.text.contains("jindou_http_requests_total{method=\"GET\",path=\"/route\",status=\"400\"} 1"))
            #expect(
                metrics.text.contains(
                    "jindou_http_request_duration_seconds_count{method=\"POST\",path=\"/route/batch\"} 1"))
            await client.close()
        }
    }
}
