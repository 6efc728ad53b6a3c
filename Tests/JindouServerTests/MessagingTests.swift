import Foundation
import JindouClient
import JindouProtocol
import Testing

/// End to end over real sockets: person and group messaging, TCP and WebSocket.
@Suite("Messaging")
struct MessagingTests {
    @Test(
        "1:1 over TCP: SENDACK seqs count from 1, the peer sees the sender as the channel",
        arguments: TestStore.allCases)
    func personOverTCP(_ store: TestStore) async throws {
        try await withTestServer(on: store) { server in
            let alice = try await server.connect("alice")
            let bob = try await server.connect("bob")
            let bobInbox = MessageInbox(bob)

            let first = try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("hello"))
            let second = try await alice.send(channelID: "bob", channelType: 1, payload: textPayload("again"))
            #expect(first.reasonCode == .success)
            #expect(first.messageSeq == 1)
            #expect(second.messageSeq == 2)
            #expect(second.messageID > first.messageID)
            #expect(first.flags == [.redDot])

            let received = try await bobInbox.next()
            #expect(received.channelID == "alice")
            #expect(received.fromUID == "alice")
            #expect(received.channelType == 1)
            #expect(received.payload == textPayload("hello"))
            #expect(received.messageID == first.messageID)
            #expect(received.messageSeq == 1)
            #expect(received.flags.contains(.redDot))
            let next = try await bobInbox.next()
            #expect(next.payload == textPayload("again"))
            #expect(next.messageSeq == 2)

            // Bob answers; the same channel continues its seqs.
            let reply = try await bob.send(channelID: "alice", channelType: 1, payload: textPayload("hi"))
            #expect(reply.messageSeq == 3)
            await alice.close()
            await bob.close()
        }
    }

    @Test("1:1 with one side on WebSocket and one on TCP")
    func personAcrossTransports() async throws {
        try await withTestServer { server in
            let web = try await server.connect("webuser", transport: .webSocket(path: "/"), deviceFlag: 1)
            let app = try await server.connect("appuser")
            let webInbox = MessageInbox(web)
            let appInbox = MessageInbox(app)

            let ack = try await app.send(channelID: "webuser", channelType: 1, payload: textPayload("to web"))
            #expect(ack.reasonCode == .success)
            let atWeb = try await webInbox.next()
            #expect(atWeb.payload == textPayload("to web"))
            #expect(atWeb.channelID == "appuser")

            let back = try await web.send(channelID: "appuser", channelType: 1, payload: textPayload("to app"))
            #expect(back.reasonCode == .success)
            #expect(back.messageSeq == 2)
            let atApp = try await appInbox.next()
            #expect(atApp.payload == textPayload("to app"))
            #expect(atApp.channelID == "webuser")
            try await web.ping()
            await web.close()
            await app.close()
        }
    }

    @Test(
        "a 3-member group: every member gets it, the sender's other device without RedDot, the sender's connection nothing",
        arguments: TestStore.allCases)
    func group(_ store: TestStore) async throws {
        try await withTestServer(on: store) { server in
            try await server.createGroup("g1", subscribers: ["u1", "u2", "u3"])
            let u1 = try await server.connect("u1")
            let u1Web = try await server.connect("u1", deviceFlag: 1)
            let u2 = try await server.connect("u2")
            let u3 = try await server.connect("u3", transport: .webSocket())
            let inboxes = (MessageInbox(u1), MessageInbox(u1Web), MessageInbox(u2), MessageInbox(u3))

            let ack = try await u1.send(channelID: "g1", channelType: 2, payload: textPayload("hi all"))
            #expect(ack.reasonCode == .success)
            #expect(ack.messageSeq == 1)
            for inbox in [inboxes.2, inboxes.3] {
                let message = try await inbox.next()
                #expect(message.channelID == "g1")
                #expect(message.channelType == 2)
                #expect(message.fromUID == "u1")
                #expect(message.flags.contains(.redDot))
                #expect(message.payload == textPayload("hi all"))
            }
            let ownOtherDevice = try await inboxes.1.next()
            #expect(ownOtherDevice.channelID == "g1")
            #expect(!ownOtherDevice.flags.contains(.redDot))
            #expect(try await inboxes.0.drain(for: .milliseconds(300)).isEmpty)
            for client in [u1, u1Web, u2, u3] { await client.close() }
        }
    }

    @Test("refused sends get their reason code and are neither stored nor delivered")
    func refusedSends() async throws {
        try await withTestServer { server in
            try await server.createGroup("team", subscribers: ["member", "denied", "listener"])
            let member = try await server.connect("member")
            let outsider = try await server.connect("outsider")
            let denied = try await server.connect("denied")
            let listener = try await server.connect("listener")
            let listenerInbox = MessageInbox(listener)

            let notSubscriber = try await outsider.send(channelID: "team", channelType: 2, payload: textPayload("x"))
            #expect(notSubscriber.reasonCode == .subscriberNotExist)
            #expect(notSubscriber.messageSeq == 0)

            let deny = try await server.http.post(
                "/channel/blacklist_add", ["channel_id": "team", "channel_type": 2, "uids": ["denied"]])
            #expect(deny.status == 200)
            let denylisted = try await denied.send(channelID: "team", channelType: 2, payload: textPayload("x"))
            #expect(denylisted.reasonCode == .inBlacklist)

            let allow = try await server.http.post(
                "/channel/whitelist_add", ["channel_id": "team", "channel_type": 2, "uids": ["listener"]])
            #expect(allow.status == 200)
            let notAllowed = try await member.send(channelID: "team", channelType: 2, payload: textPayload("x"))
            #expect(notAllowed.reasonCode == .notInWhitelist)

            let missing = try await member.send(channelID: "nochannel", channelType: 2, payload: textPayload("x"))
            #expect(missing.reasonCode == .channelNotExist)

            // Allowlisted members still send; only that one message exists.
            let allowed = try await listener.send(channelID: "team", channelType: 2, payload: textPayload("ok"))
            #expect(allowed.reasonCode == .success)
            #expect(allowed.messageSeq == 1)
            #expect(try await listenerInbox.drain(for: .milliseconds(300)).isEmpty)
            let sync = try await server.http.post(
                "/channel/messagesync", ["login_uid": "member", "channel_id": "team", "channel_type": 2])
            #expect((sync.json["messages"] as? [Any])?.count == 1)

            // Person channels: the recipient's denylist.
            let block = try await server.http.post(
                "/channel/blacklist_add", ["channel_id": "listener", "channel_type": 1, "uids": ["outsider"]])
            #expect(block.status == 200)
            let blocked = try await outsider.send(channelID: "listener", channelType: 1, payload: textPayload("x"))
            #expect(blocked.reasonCode == .inBlacklist)
            for client in [member, outsider, denied, listener] { await client.close() }
        }
    }

    @Test("a wrong msgKey is refused and nothing is delivered")
    func wrongMsgKey() async throws {
        try await withTestServer { server in
            let sender = try await server.connect("mk1")
            let receiver = try await server.connect("mk2")
            let inbox = MessageInbox(receiver)
            let packet = SendPacket(
                flags: [.redDot], clientSeq: sender.nextClientSeq(), clientMsgNo: "bad-key", channelID: "mk2",
                channelType: 1,
                msgKey: "00000000000000000000000000000000", payload: sender.cipher.encrypt(textPayload("x")))
            let ack = try await sender.sendPacket(packet, encrypt: false)
            #expect(ack.reasonCode == .msgKeyError)
            #expect(try await inbox.drain(for: .milliseconds(300)).isEmpty)
            await sender.close()
            await receiver.close()
        }
    }
}
