import Foundation
import JindouClient
import JindouProtocol
import JindouServer
import JindouTestSupport
import Testing

/// Several nodes on one PostgreSQL database: clients on any node reach each other, privilege
/// changes made through one node are in force on every node before the reply, and a node that is
/// lost or restarted loses nothing acknowledged.
/// One test at a time: each runs two or three servers with their own database connections.
@Suite("Cluster on PostgreSQL", .serialized)
struct ClusterTests {
    @Test("1:1 across nodes: in seq order, exactly once per connection, the sender's other device included")
    func personAcrossNodes() async throws {
        try await withCluster { one, two, _ in
            let alice = try await one.connect("alice")
            let aliceWeb = try await two.connect("alice", deviceFlag: 1)
            let bob = try await two.connect("bob")
            let bobInbox = MessageInbox(bob)
            let aliceWebInbox = MessageInbox(aliceWeb)
            let aliceInbox = MessageInbox(alice)

            var acks: [SendackPacket] = []
            for index in 0..<30 {
                acks.append(try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("m\(index)")))
            }
            #expect(acks.map(\.reasonCode) == Array(repeating: .success, count: 30))
            #expect(acks.map(\.messageSeq) == Array(1...30))
            for index in 0..<30 {
                let atBob = try await bobInbox.next()
                #expect(atBob.messageSeq == UInt64(index + 1))
                #expect(atBob.payload == textPayload("m\(index)"))
                #expect(atBob.messageID == acks[index].messageID)
                #expect(atBob.channelID == "alice")
                let atWeb = try await aliceWebInbox.next()
                #expect(atWeb.messageSeq == UInt64(index + 1))
                #expect(atWeb.channelID == "bob")
            }
            // Bob answers from node 2: the sending connection on node 1 hears it, once.
            let reply = try await bob.send(channelID: "alice", channelType: 1, payload: textPayload("hi"))
            #expect(reply.messageSeq == 31)
            let atAlice = try await aliceInbox.next()
            #expect(atAlice.messageSeq == 31)
            #expect(try await bobInbox.drain(for: .milliseconds(300)).isEmpty, "bob got his own message or a copy")
            #expect(try await aliceInbox.drain(for: .milliseconds(1)).isEmpty, "alice got her own messages")
            #expect(try await aliceWebInbox.drain(for: .milliseconds(1)).map(\.messageSeq) == [31])
            for client in [alice, aliceWeb, bob] { await client.close() }
        }
    }

    @Test("a group across nodes: senders on both nodes interleave; every member sees one seq order")
    func groupAcrossNodes() async throws {
        try await withCluster { one, two, _ in
            // Created through node 1, used at once on node 2.
            try await one.createGroup("team", subscribers: ["g1", "g2", "g3", "g4"])
            let g1 = try await one.connect("g1")
            let g2 = try await two.connect("g2")
            let g3 = try await one.connect("g3")
            let g4 = try await two.connect("g4")
            let inboxes = [MessageInbox(g3), MessageInbox(g4)]
            let perSender = 25
            async let fromOne: [SendackPacket] = {
                var acks: [SendackPacket] = []
                for index in 0..<perSender {
                    acks.append(try await g1.send(channelID: "team", channelType: 2, payload: textPayload("a\(index)")))
                }
                return acks
            }()
            async let fromTwo: [SendackPacket] = {
                var acks: [SendackPacket] = []
                for index in 0..<perSender {
                    acks.append(try await g2.send(channelID: "team", channelType: 2, payload: textPayload("b\(index)")))
                }
                return acks
            }()
            let acks = try await fromOne + fromTwo
            #expect(acks.allSatisfy { $0.reasonCode == .success })
            #expect(Set(acks.map(\.messageSeq)) == Set(1...UInt64(2 * perSender)))
            for inbox in inboxes {
                var seqs: [UInt64] = []
                for _ in 0..<(2 * perSender) {
                    seqs.append(try await inbox.next().messageSeq)
                }
                #expect(seqs == Array(1...UInt64(2 * perSender)), "out of order or missing: \(seqs)")
                #expect(try await inbox.drain(for: .milliseconds(200)).isEmpty)
            }
            for client in [g1, g2, g3, g4] { await client.close() }
        }
    }

    @Test("systemuids_add and _remove through node 1 are in force on node 2 when the reply arrives")
    func systemUIDsReachEveryNode() async throws {
        try await withCluster { one, two, _ in
            try await one.createGroup("ops", subscribers: ["member"])
            let bot = try await two.connect("bot")
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("1")).reasonCode
                    == .subscriberNotExist)
            let added = try await one.http.post("/user/systemuids_add", ["uids": ["bot"]])
            #expect(added.status == 200)
            #expect(added.headers["X-Jindou-Lagging-Nodes"] == nil)
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("2")).reasonCode == .success)
            #expect(try await one.http.post("/user/systemuids_remove", ["uids": ["bot"]]).status == 200)
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("3")).reasonCode
                    == .subscriberNotExist)
            // A node's own _to_cache grant survives the reloads other nodes' changes cause.
            #expect(try await two.http.post("/user/systemuids_add_to_cache", ["uids": ["bot"]]).status == 200)
            #expect(try await one.http.post("/user/systemuids_add", ["uids": ["other"]]).status == 200)
            #expect(
                try await bot.send(channelID: "ops", channelType: 2, payload: textPayload("4")).reasonCode == .success)
            await bot.close()
        }
    }

    @Test("whitelist_remove through node 1 refuses the next send on node 2")
    func allowlistReachesEveryNode() async throws {
        try await withCluster { one, two, _ in
            try await one.createGroup("room", subscribers: ["a", "b"])
            #expect(
                try await one.http.post(
                    "/channel/whitelist_add", ["channel_id": "room", "channel_type": 2, "uids": ["a", "b"]]
                ).status == 200)
            let b = try await two.connect("b")
            #expect(
                try await b.send(channelID: "room", channelType: 2, payload: textPayload("1")).reasonCode == .success)
            #expect(
                try await one.http.post(
                    "/channel/whitelist_remove", ["channel_id": "room", "channel_type": 2, "uids": ["b"]]
                ).status == 200)
            #expect(
                try await b.send(channelID: "room", channelType: 2, payload: textPayload("2")).reasonCode
                    == .notInWhitelist)
            await b.close()
        }
    }

    @Test("DELETE /users/{u} on node 1 disconnects the user's sessions on node 2")
    func deleteDisconnectsEverywhere() async throws {
        try await withCluster { one, two, _ in
            #expect(try await one.http.post("/users", ["username": "erin", "password": "secret-1"]).status == 200)
            let erin = try await two.connect("erin")
            let inbox = MessageInbox(erin)
            #expect(try await one.http.send("DELETE", "/users/erin").status == 200)
            let disconnect = try await inbox.nextDisconnect()
            #expect(disconnect.reasonCode == .connectKick)
        }
    }

    @Test("a master login on node 2 kicks the same device flag's session on node 1")
    func masterLoginKicksAcrossNodes() async throws {
        try await withCluster { one, two, _ in
            let first = try await one.connect("dave", deviceID: "phone-1")
            let firstInbox = MessageInbox(first)
            let second = try await two.connect("dave", deviceID: "phone-2")
            let disconnect = try await firstInbox.nextDisconnect()
            #expect(disconnect.reasonCode == .connectKick)
            // The new session works.
            let ack = try await second.send(channelID: "erin", channelType: 1, payload: textPayload("x"))
            #expect(ack.reasonCode == .success)
            await second.close()
        }
    }

    @Test("/cluster/nodes lists both nodes; /route spreads uids over live nodes; a second node 1 is refused")
    func membership() async throws {
        try await withCluster { one, two, selection in
            // Node 1 stores its HTTP address once its listener is bound (with a beat); if that beat
            // fails on a loaded machine, the next heartbeat stores it.
            var listing = try await two.http.get("/cluster/nodes")
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline,
                (listing.json["nodes"] as? [[String: Any]])?.first?["http_addr"] as? String == ""
            {
                try await Task.sleep(for: .milliseconds(200))
                listing = try await two.http.get("/cluster/nodes")
            }
            #expect(listing.status == 200)
            #expect(listing.json["node_id"] as? Int == 2)
            let nodes = listing.json["nodes"] as? [[String: Any]] ?? []
            #expect(nodes.compactMap { $0["node_id"] as? Int } == [1, 2])
            #expect(nodes.allSatisfy { $0["live"] as? Bool == true })
            #expect(nodes.first?["http_addr"] as? String == "\(one.addresses.http)")

            // Each node refreshes its view of the others with its heartbeat.
            let uids = (0..<40).map { "user\($0)" }
            var routes: [[String: Any]] = []
            for _ in 0..<100 {
                let batch = try await one.http.post("/route/batch", uids)
                routes = (try JSONSerialization.jsonObject(with: batch.body) as? [[String: Any]]) ?? []
                let single = try await two.http.post("/route/batch", uids)
                if routes.count == 2, single.body == batch.body { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(routes.count == 2, "\(routes)")
            #expect(Set(routes.flatMap { $0["uids"] as? [String] ?? [] }) == Set(uids))
            let tcpPorts = Set(routes.compactMap { ($0["tcp_addr"] as? String)?.split(separator: ":").last })
            #expect(tcpPorts == ["\(one.addresses.tcp.port)", "\(two.addresses.tcp.port)"])
            // /route agrees with /route/batch, on whichever node it is asked.
            for route in routes {
                for uid in (route["uids"] as? [String] ?? []).prefix(3) {
                    let single = try await two.http.get("/route?uid=\(uid)")
                    #expect(single.json["tcp_addr"] as? String == route["tcp_addr"] as? String)
                }
            }

            // Online status answers for every node's connections.
            let ola = try await two.connect("ola", deviceFlag: 1)
            let seen = await eventually(timeout: .seconds(5)) {
                await Self.onlineFlags(of: "ola", asking: one) == [1]
            }
            #expect(seen, "node 1 does not see node 2's connection")
            await ola.close()
            let gone = await eventually(timeout: .seconds(5)) { await Self.onlineFlags(of: "ola", asking: one) == [] }
            #expect(gone, "node 1 still sees a closed connection")

            let duplicate = await #expect(throws: (any Error).self) {
                _ = try await TestServer.start {
                    Self.node(&$0, 1, selection)
                }
            }
            #expect("\(duplicate.map { "\($0)" } ?? "")".contains("node id 1 is already live"))
        }
    }

    @Test("a node stopped and started again with its id rejoins, and its clients sync what they missed")
    func restartedNodeRejoins() async throws {
        guard let selection = try await TestStore.postgres.freshSelection() else { return }
        try await withTestServer(configure: { Self.node(&$0, 1, selection) }) { one in
            let alice = try await one.connect("alice")
            var two = try await TestServer.start { Self.node(&$0, 2, selection) }
            let bob = try await two.connect("bob")
            #expect(try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("1")).messageSeq == 1)
            #expect(try await MessageInbox(bob).next().messageSeq == 1)
            try await two.stop()
            // Sent while node 2 is down: stored, and synced by bob after he reconnects.
            #expect(try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("2")).messageSeq == 2)
            two = try await TestServer.start { Self.node(&$0, 2, selection) }
            do {
                let again = try await two.connect("bob")
                let inbox = MessageInbox(again)
                #expect(
                    try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("3")).messageSeq == 3)
                #expect(try await inbox.next().messageSeq == 3)
                let synced = try await two.http.post(
                    "/channel/messagesync",
                    ["login_uid": "bob", "channel_id": "alice", "channel_type": 1, "limit": 10])
                let seqs = (synced.json["messages"] as? [[String: Any]] ?? []).compactMap { $0["message_seq"] as? Int }
                #expect(seqs == [1, 2, 3], "\(synced)")
                await again.close()
            } catch {
                try? await two.stop()
                throw error
            }
            try await two.stop()
            await alice.close()
        }
    }

    @Test("a node whose feed connection dies reopens it and delivers what was committed meanwhile, in order, once")
    func feedLossCatchUp() async throws {
        try await withCluster { one, two, selection in
            let alice = try await one.connect("alice")
            let bob = try await two.connect("bob")
            let inbox = MessageInbox(bob)
            #expect(try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("0")).messageSeq == 1)
            #expect(try await inbox.next().messageSeq == 1)
            try Self.terminateFeed(of: 2, selection)
            for index in 1...20 {
                let ack = try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("\(index)"))
                #expect(ack.reasonCode == .success)
            }
            var seqs: [UInt64] = []
            for _ in 1...20 {
                seqs.append(try await inbox.next(timeout: .seconds(10)).messageSeq)
            }
            #expect(seqs == Array(2...21))
            #expect(try await inbox.drain(for: .milliseconds(300)).isEmpty)
            // Node 2 takes sends again once it has caught up.
            let recovered = await eventually(timeout: .seconds(10)) {
                (try? await bob.send(channelID: "alice", channelType: 1, payload: textPayload("back")))?.reasonCode
                    == .success
            }
            #expect(recovered)
            await alice.close()
            await bob.close()
        }
    }

    @Test("a channel deleted and created again starts over at seq 1 on every node")
    func recreatedChannel() async throws {
        try await withCluster { one, two, _ in
            try await one.createGroup("again", subscribers: ["sender", "member"])
            let sender = try await one.connect("sender")
            let member = try await two.connect("member")
            let inbox = MessageInbox(member)
            for index in 1...3 {
                _ = try await sender.send(channelID: "again", channelType: 2, payload: textPayload("\(index)"))
                #expect(try await inbox.next().messageSeq == UInt64(index))
            }
            #expect(
                try await one.http.post("/channel/delete", ["channel_id": "again", "channel_type": 2]).status == 200)
            try await one.createGroup("again", subscribers: ["sender", "member"])
            let ack = try await sender.send(channelID: "again", channelType: 2, payload: textPayload("new"))
            #expect(ack.messageSeq == 1)
            let received = try await inbox.next()
            #expect(received.messageSeq == 1)
            #expect(received.payload == textPayload("new"))
            await sender.close()
            await member.close()
        }
    }

    @Test("kill -9 of a node during a burst: every acknowledged message is stored and delivered, its presence clears")
    func nodeKilledDuringBurst() async throws {
        guard let selection = try await TestStore.postgres.freshSelection() else { return }
        try await withTestServer(configure: { Self.node(&$0, 1, selection, heartbeatTimeout: 3) }) { one in
            let directory = TestServer.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let nodeArguments =
                selection.serveArguments + [
                    "--node-id", "2", "--cluster-heartbeat-timeout", "3", "--user-send-rate", "0",
                    "--postgres-pool-size", "4",
                ]
            let two = try ServerProcess.start(dataDirectory: directory, extraArguments: nodeArguments)
            defer { if two.process.isRunning { two.killHard() } }
            let receiver = try await one.connect("rx")
            let inbox = MessageInbox(receiver)
            let senders = ["s1", "s2", "s3", "s4"]
            var connected: [JindouClientConnection] = []
            for uid in senders {
                let token = try await one.registerToken(uid)
                connected.append(
                    try await JindouClientConnection.connect(
                        ClientConfiguration(host: "127.0.0.1", port: two.addresses.tcp, uid: uid, token: token)))
            }
            let connections = connected
            // Each sender sends one message at a time until the connection dies; acks are kept.
            let acknowledged = Acknowledged()
            let sending = Task {
                await withTaskGroup(of: Void.self) { group in
                    for connection in connections {
                        group.addTask {
                            for index in 0..<100_000 {
                                guard
                                    let ack = try? await connection.send(
                                        channelID: "rx", channelType: 1, payload: textPayload("\(index)"))
                                else { return }
                                if ack.reasonCode == .success { await acknowledged.add(ack.messageID) }
                            }
                        }
                    }
                }
            }
            let enough = await eventually(timeout: .seconds(30)) { await acknowledged.count >= 100 }
            #expect(await Self.onlineFlags(of: "s1", asking: one) == [0], "node 1 does not see node 2's sender")
            #expect(enough)
            two.killHard()
            await sending.value
            let acked = await acknowledged.ids
            #expect(acked.count >= 100)

            // Stored: every acknowledged id, read through node 1.
            var stored = Set<Int64>()
            for uid in senders {
                let sync = try await one.http.post(
                    "/channel/messagesync",
                    ["login_uid": "rx", "channel_id": uid, "channel_type": 1, "limit": 1000])
                for message in sync.json["messages"] as? [[String: Any]] ?? [] {
                    if let id = (message["message_id"] as? NSNumber)?.int64Value { stored.insert(id) }
                }
            }
            #expect(acked.isSubset(of: stored), "\(acked.subtracting(stored).count) acknowledged messages are missing")
            // Delivered on node 1: node 2 committed them, so the feed named them.
            let received = Acknowledged()
            _ = await eventually(timeout: .seconds(10)) {
                while let message = try? await inbox.next(timeout: .milliseconds(50)) {
                    await received.add(message.messageID)
                }
                return acked.isSubset(of: await received.ids)
            }
            let receivedIDs = await received.ids
            #expect(
                acked.isSubset(of: receivedIDs),
                "\(acked.subtracting(receivedIDs).count) acknowledged messages not delivered")

            // Node 2's entry turns not live within the heartbeat timeout; /route stops handing it out.
            let cleared = await eventually(timeout: .seconds(8)) {
                let listing = try? await one.http.get("/cluster/nodes")
                let nodes = listing?.json["nodes"] as? [[String: Any]] ?? []
                return nodes.first { $0["node_id"] as? Int == 2 }?["live"] as? Bool == false
            }
            #expect(cleared)
            #expect(await Self.onlineFlags(of: "s1", asking: one) == [], "a lost node's connections still count")
            let routedHere = await eventually(timeout: .seconds(3)) {
                guard let batch = try? await one.http.post("/route/batch", (0..<20).map { "u\($0)" }) else {
                    return false
                }
                let routes = (try? JSONSerialization.jsonObject(with: batch.body) as? [[String: Any]]) ?? []
                return routes.compactMap { $0["tcp_addr"] as? String } == ["\(one.addresses.tcp)"]
            }
            #expect(routedHere, "/route still hands out the lost node")

            // Restarted with its id, it rejoins at once.
            let again = try ServerProcess.start(dataDirectory: directory, extraArguments: nodeArguments)
            defer { _ = again.terminate() }
            let listing = try await again.http.get("/cluster/nodes")
            let nodes = listing.json["nodes"] as? [[String: Any]] ?? []
            #expect(nodes.filter { $0["live"] as? Bool == true }.compactMap { $0["node_id"] as? Int } == [1, 2])
            for connection in connections { await connection.close() }
            await receiver.close()
        }
    }

    @Test("kill -9 of a node whose webhook endpoint was down: another node sends the msg.notify it owed")
    func lostNodesOutboxIsSent() async throws {
        guard let selection = try await TestStore.postgres.freshSelection() else { return }
        let receiver = try await WebhookReceiver.start(mode: .status(503))
        defer { receiver.stop() }
        let webhookArguments = [
            "--webhook-url", receiver.url, "--webhook-events", "msg.notify", "--webhook-batch-interval", "0.05",
            "--webhook-retry-base", "0.05", "--webhook-retry-max", "0.2",
        ]
        try await withTestServer(configure: {
            Self.node(&$0, 1, selection, heartbeatTimeout: 3)
            $0.webhookURL = receiver.url
            $0.webhookEvents = [.messageNotify]
            $0.webhookBatchInterval = 0.05
            $0.webhookRetryBase = 0.05
            $0.webhookRetryMax = 0.2
        }) { one in
            let directory = TestServer.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let two = try ServerProcess.start(
                dataDirectory: directory,
                extraArguments: selection.serveArguments + [
                    "--node-id", "2", "--cluster-heartbeat-timeout", "3", "--postgres-pool-size", "4",
                    "--user-send-rate", "0",
                ] + webhookArguments)
            defer { if two.process.isRunning { two.killHard() } }
            try await WebhookTests.createGroups(one.http, ["lost"])
            // Committed by node 2 while the endpoint refuses: node 2's outbox holds them.
            var owed = Set<Int64>()
            for index in 0..<30 {
                owed.insert(try await WebhookTests.send(two.http, from: "u", to: "lost", text: "\(index)"))
            }
            try await receiver.waitUntil("node 2 trying to send") { deliveries in
                deliveries.contains { $0.event == "msg.notify" && !$0.accepted }
            }
            two.killHard()
            receiver.set(.ok)
            // Node 1 claims node 2's outbox once its heartbeat is 3 s old, and sends it.
            try await receiver.waitUntil(timeout: .seconds(30), "node 2's messages sent by node 1") { deliveries in
                let sent = deliveries.filter { $0.event == "msg.notify" && $0.accepted }.flatMap(\.objects).compactMap {
                    ($0["message_id"] as? NSNumber)?.int64Value
                }
                return owed.isSubset(of: Set(sent))
            }
            // Node 2 restarted takes its outbox back, and its new messages go out from it.
            let again = try ServerProcess.start(
                dataDirectory: directory,
                extraArguments: selection.serveArguments + [
                    "--node-id", "2", "--cluster-heartbeat-timeout", "3", "--postgres-pool-size", "4",
                ] + webhookArguments)
            defer { _ = again.terminate() }
            let later = try await WebhookTests.send(again.http, from: "u", to: "lost", text: "after")
            try await receiver.waitUntil("the restarted node's message") { deliveries in
                deliveries.filter { $0.event == "msg.notify" && $0.accepted }.flatMap(\.objects).contains {
                    ($0["message_id"] as? NSNumber)?.int64Value == later
                }
            }
        }
    }

    @Test(
        "msg.offline leaves out a recipient online on another node; user.onlinestatus counts every node's connections")
    func webhooksSeeTheWholeCluster() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withCluster(configure: {
            $0.webhookURL = receiver.url
            $0.webhookEvents = [.messageOffline, .userOnlineStatus]
            $0.webhookBatchInterval = 0.05
        }) { one, two, _ in
            // Subscribers u, u0, u1, u2, u3 and alice; u0 is online on node 2 only.
            try await WebhookTests.createGroups(one.http, ["everyone"])
            let onTwo = try await two.connect("u0")
            #expect(await eventually(timeout: .seconds(10)) { await Self.onlineFlags(of: "u0", asking: one) == [0] })
            let id = try await WebhookTests.send(one.http, from: "u", to: "everyone", text: "hi")
            try await receiver.waitUntil("msg.offline") { $0.contains { $0.event == "msg.offline" } }
            let offline = receiver.accepted("msg.offline")
            #expect(offline.map(\.eventID) == ["msg.offline-\(id)"])
            let body = try #require(offline.first?.json as? [String: Any])
            #expect((body["to_uids"] as? [String])?.sorted() == ["alice", "u1", "u2", "u3"], "\(body)")

            // A second device on node 1: its line counts the connection on node 2 too.
            let onOne = try await one.connect("u0", deviceFlag: 1)
            try await receiver.waitUntil("u0's web device online") { deliveries in
                WebhookTests.statusLines(deliveries).contains { $0.hasPrefix("u0-1-1-") }
            }
            let line = try #require(WebhookTests.statusLines(receiver.deliveries).first { $0.hasPrefix("u0-1-1-") })
            #expect(line.hasSuffix("-1-2"), "one web connection, two in all: \(line)")
            await onOne.close()
            await onTwo.close()
        }
    }

    // MARK: Helpers

    /// Message ids collected from several tasks.
    private actor Acknowledged {
        private(set) var ids = Set<Int64>()
        var count: Int { ids.count }
        func add(_ id: Int64) { ids.insert(id) }
    }

    /// Runs `body` with two in-process servers, nodes 1 and 2, sharing a fresh database (its
    /// selection is the third argument); stops both afterwards. Returns without running `body`
    /// when PostgreSQL is not installed outside CI (the test cluster printed why).
    private func withCluster(
        heartbeatTimeout: Double = 15, configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: (TestServer, TestServer, StoreSelection) async throws -> Void
    ) async throws {
        guard let selection = try await TestStore.postgres.freshSelection() else { return }
        try await withTestServer(configure: {
            Self.node(&$0, 1, selection, heartbeatTimeout: heartbeatTimeout)
            configure(&$0)
        }) { one in
            try await withTestServer(configure: {
                Self.node(&$0, 2, selection, heartbeatTimeout: heartbeatTimeout)
                configure(&$0)
            }) { two in
                try await body(one, two, selection)
            }
        }
    }

    /// The device flags of `uid`'s connections as `server` answers `/user/onlinestatus`.
    private static func onlineFlags(of uid: String, asking server: TestServer) async -> [Int] {
        guard let response = try? await server.http.post("/user/onlinestatus", [uid]),
            let entries = try? JSONSerialization.jsonObject(with: response.body) as? [[String: Any]]
        else { return [-1] }
        return entries.compactMap { $0["device_flag"] as? Int }.sorted()
    }

    /// Ends a node's feed connection from the database's side, as a network failure would.
    private static func terminateFeed(of node: Int, _ selection: StoreSelection) throws {
        let url = selection.serveArguments.last ?? ""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", url, "-qAt", "-c",
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'jindou-feed-node-\(node)'",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0, answer.trimmingCharacters(in: .whitespacesAndNewlines) == "1" else {
            throw TestFailure("terminating the feed of node \(node) answered \(answer)")
        }
    }

    private static func node(
        _ configuration: inout ServerConfiguration, _ id: Int, _ selection: StoreSelection,
        heartbeatTimeout: Double = 15
    ) {
        configuration.store = selection
        configuration.nodeID = id
        configuration.postgresPoolSize = 4
        // Generous: the tests check that changes arrive, not how fast on a loaded machine.
        configuration.clusterApplyTimeout = 10
        configuration.clusterHeartbeatTimeout = heartbeatTimeout
    }
}
