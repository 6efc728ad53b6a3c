import Foundation
import JindouClient
import JindouProtocol
import Testing

/// CONNECT, authentication, heartbeats, multi-device rules and malformed input.
@Suite("Sessions")
struct SessionTests {
    @Test("CONNACK per version: HasServerVersion for versions above 3, node id from version 4")
    func connackLayouts() async throws {
        try await withTestServer(configure: { $0.nodeID = 7 }) { server in
            for version: UInt8 in [1, 3, 4, 5, 6] {
                let client = try await server.connect("ver\(version)", protocolVersion: version)
                #expect(client.connack.reasonCode == .success)
                #expect(client.connack.flags.contains(.hasServerVersion) == (version > 3))
                #expect(client.negotiatedVersion == (version == 6 ? 6 : min(version, 5)))
                if version >= 4 { #expect(client.nodeID == 7) }
                // A round trip works at every version.
                let ack = try await client.send(
                    channelID: "ver\(version)peer", channelType: 1, payload: textPayload("v"))
                #expect(ack.reasonCode == .success)
                await client.close()
            }
        }
    }

    @Test("a bad token gets CONNACK 2, a banned user 19, a bad uid is refused")
    func refusedConnects() async throws {
        try await withTestServer { server in
            try await server.registerToken("carol", token: "right")
            await #expect(throws: ClientError.connectRefused(.authFail)) {
                _ = try await JindouClientConnection.connect(server.clientConfiguration("carol", token: "wrong"))
            }
            await #expect(throws: ClientError.connectRefused(.authFail)) {
                _ = try await JindouClientConnection.connect(server.clientConfiguration("nobody", token: "any"))
            }
            await #expect(throws: ClientError.connectRefused(.authFail)) {
                _ = try await JindouClientConnection.connect(server.clientConfiguration("bad@uid", token: "any"))
            }
            let ban = try await server.http.post("/channel", ["channel_id": "carol", "channel_type": 1, "ban": 1])
            #expect(ban.status == 200)
            await #expect(throws: ClientError.connectRefused(.ban)) {
                _ = try await JindouClientConnection.connect(server.clientConfiguration("carol", token: "right"))
            }
        }
    }

    @Test("PING is answered with PONG; a silent unauthenticated connection is closed")
    func pingAndAuthTimeout() async throws {
        // Long enough for the pinger's own CONNECT on a loaded machine.
        try await withTestServer(configure: { $0.authTimeout = 2 }) { server in
            let client = try await server.connect("pinger")
            try await client.ping()
            try await client.ping()
            #expect(!client.isClosed)

            let silent = try await RawConnection.open(port: server.addresses.tcp.port)
            let closed = await silent.waitForClose(timeout: .seconds(8))
            #expect(closed)
            await client.close()
        }
    }

    @Test("kick rules: a master login kicks the same flag's other devices, never other flags")
    func kickRules() async throws {
        try await withTestServer { server in
            let phone = try await server.connect("dana", deviceFlag: 0, deviceID: "phone-1")
            let web = try await server.connect("dana", deviceFlag: 1, deviceID: "browser-1")
            let phoneInbox = MessageInbox(phone)
            let webInbox = MessageInbox(web)

            // A second app device logs in as master: the first app device is kicked with reason 12.
            let phone2 = try await server.connect("dana", deviceFlag: 0, deviceID: "phone-2")
            let kick = try await phoneInbox.nextDisconnect()
            #expect(kick.reasonCode == .connectKick)
            #expect(await eventually { phone.isClosed })
            #expect(!web.isClosed)
            #expect(await webInbox.disconnects.isEmpty)

            // The same device id reconnecting replaces the old connection.
            let phone2Again = try await server.connect("dana", deviceFlag: 0, deviceID: "phone-2")
            #expect(await eventually { phone2.isClosed })
            #expect(!phone2Again.isClosed)

            // A slave login does not kick other device ids.
            let tablet = try await server.connect("dana", deviceFlag: 0, deviceID: "tablet", deviceLevel: 0)
            try await Task.sleep(for: .milliseconds(200))
            #expect(!phone2Again.isClosed)
            #expect(!tablet.isClosed)
            #expect(!web.isClosed)

            // The survivors still receive.
            let friend = try await server.connect("erin")
            _ = try await friend.send(channelID: "dana", channelType: 1, payload: textPayload("hey"))
            #expect(try await webInbox.next().payload == textPayload("hey"))
            for client in [web, phone2Again, tablet, friend] { await client.close() }
        }
    }

    @Test("a malformed stream closes that connection only; the server keeps serving")
    func malformedStream() async throws {
        try await withTestServer { server in
            let healthy = try await server.connect("healthy")
            let peer = try await server.connect("peer")
            let peerInbox = MessageInbox(peer)

            // An unknown packet type after a valid CONNECT.
            let broken = try await server.connect("broken")
            try await broken.writeRaw([0xF0, 0x01, 0x00])
            await broken.waitUntilClosed()

            // A declared length over the limit, before CONNECT.
            let raw = try await RawConnection.open(port: server.addresses.tcp.port)
            try await raw.write([0x10, 0xFF, 0xFF, 0xFF, 0x7F])
            #expect(await raw.waitForClose(timeout: .seconds(3)))

            // A first packet that is not CONNECT.
            let notConnect = try await RawConnection.open(port: server.addresses.tcp.port)
            try await notConnect.write([0x70])
            #expect(await notConnect.waitForClose(timeout: .seconds(3)))

            // A SEND whose body ends before its fields do, over WebSocket.
            let wsBroken = try await server.connect("wsbroken", transport: .webSocket())
            try await wsBroken.writeRaw([0x3F, 0x02, 0x01, 0x02])
            await wsBroken.waitUntilClosed()

            let ack = try await healthy.send(channelID: "peer", channelType: 1, payload: textPayload("still here"))
            #expect(ack.reasonCode == .success)
            #expect(try await peerInbox.next().payload == textPayload("still here"))
            await healthy.close()
            await peer.close()
        }
    }

    @Test("several packets in one write and a packet split across writes are both decoded")
    func streamFraming() async throws {
        try await withTestServer { server in
            let client = try await server.connect("framer")
            // Three PINGs in one write, then one more split from nothing: all answered.
            try await client.writeRaw([0x70, 0x70, 0x70])
            try await client.ping()
            // A SEND split into single bytes.
            let send = SendPacket(
                flags: [.redDot], clientSeq: client.nextClientSeq(), clientMsgNo: "split-1", channelID: "framer2",
                channelType: 1, msgKey: "", payload: [])
            var encrypted = send
            encrypted.payload = client.cipher.encrypt(textPayload("split"))
            encrypted.msgKey = client.cipher.msgKey(for: encrypted)
            let bytes = PacketEncoder.encode(.send(encrypted), version: client.negotiatedVersion)
            for byte in bytes.readableBytesView {
                try await client.writeRaw([byte])
            }
            #expect(await eventually { !client.isClosed })
            let sync = try await server.http.post(
                "/channel/messagesync", ["login_uid": "framer", "channel_id": "framer2", "channel_type": 1])
            #expect(
                await eventually {
                    let again = try? await server.http.post(
                        "/channel/messagesync", ["login_uid": "framer", "channel_id": "framer2", "channel_type": 1])
                    return (again?.json["messages"] as? [Any])?.count == 1
                })
            _ = sync
            await client.close()
        }
    }
}
