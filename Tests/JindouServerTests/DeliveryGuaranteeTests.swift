import Foundation
import JindouClient
import JindouProtocol
import NIOCore
import Testing

/// Idempotent resends and redelivery of unacknowledged RECVs.
@Suite("Delivery guarantees")
struct DeliveryGuaranteeTests {
    @Test("a resent SEND with the same client_msg_no returns the original id and seq and is not delivered twice")
    func resendDedup() async throws {
        try await withTestServer { server in
            let sender = try await server.connect("dd1")
            let receiver = try await server.connect("dd2")
            let inbox = MessageInbox(receiver)

            let first = try await sender.send(
                channelID: "dd2", channelType: 1, payload: textPayload("once"), clientMsgNo: "cmn-1")
            let again = try await sender.send(
                channelID: "dd2", channelType: 1, payload: textPayload("once"), clientMsgNo: "cmn-1")
            #expect(again.reasonCode == .success)
            #expect(again.messageID == first.messageID)
            #expect(again.messageSeq == first.messageSeq)

            // Resent after a reconnect: new session keys, same plaintext.
            await sender.close()
            let reconnected = try await server.connect("dd1")
            let afterReconnect = try await reconnected.send(
                channelID: "dd2", channelType: 1, payload: textPayload("once"), clientMsgNo: "cmn-1")
            #expect(afterReconnect.messageID == first.messageID)

            let conflict = try await reconnected.send(
                channelID: "dd2", channelType: 1, payload: textPayload("different"), clientMsgNo: "cmn-1")
            #expect(conflict.reasonCode == .idempotencyConflict)

            #expect(try await inbox.next().messageID == first.messageID)
            #expect(try await inbox.drain(for: .milliseconds(300)).isEmpty)
            let next = try await reconnected.send(
                channelID: "dd2", channelType: 1, payload: textPayload("new"), clientMsgNo: "cmn-2")
            #expect(next.messageSeq == first.messageSeq + 1)
            await reconnected.close()
            await receiver.close()
        }
    }

    @Test("an unacknowledged RECV is resent with the same bytes; after RECVACK it stops")
    func redelivery() async throws {
        try await withTestServer(configure: { $0.recvRetryInterval = 0.3 }) { server in
            let sender = try await server.connect("rd1")
            let receiver = try await server.connect("rd2", autoAck: false)
            let inbox = MessageInbox(receiver)

            let ack = try await sender.send(channelID: "rd2", channelType: 1, payload: textPayload("ack me"))
            let first = try await inbox.next()
            let resent = try await inbox.next(timeout: .seconds(3))
            #expect(first.messageID == ack.messageID)
            #expect(resent.packet == first.packet)

            receiver.ack(resent)
            // Let any retry that was already due drain, then expect silence.
            try await Task.sleep(for: .milliseconds(400))
            _ = try await inbox.drain(for: .zero)
            #expect(try await inbox.drain(for: .milliseconds(900)).isEmpty)
            await sender.close()
            await receiver.close()
        }
    }

    @Test("NoPersist messages are delivered but not stored")
    func noPersist() async throws {
        try await withTestServer { server in
            let sender = try await server.connect("np1")
            let receiver = try await server.connect("np2")
            let inbox = MessageInbox(receiver)
            let ack = try await sender.send(
                channelID: "np2", channelType: 1, payload: textPayload("typing"), flags: [.noPersist])
            #expect(ack.reasonCode == .success)
            #expect(ack.messageSeq == 0)
            #expect(ack.messageID > 0)
            let message = try await inbox.next()
            #expect(message.flags.contains(.noPersist))
            let sync = try await server.http.post(
                "/channel/messagesync", ["login_uid": "np1", "channel_id": "np2", "channel_type": 1])
            #expect((sync.json["messages"] as? [Any])?.isEmpty == true)
            await sender.close()
            await receiver.close()
        }
    }
}

/// A receiver that stops reading cannot make the server buffer without bound.
@Suite("Slow consumers")
struct SlowConsumerTests {
    @Test("a connection that stops reading is closed once its outbound buffer limit is reached")
    func slowConsumerIsClosed() async throws {
        try await withTestServer(configure: {
            $0.outboundBufferLimit = 256 * 1024
            $0.userSendRate = 0  // 600 sends from one user, above the per-user burst
        }) { server in
            let raw = try await server.rawAuthenticatedConnection("sloth")
            try await raw.setReading(false)

            let sender = try await server.connect("flooder")
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 32 * 1024)
            var acked = 0
            for index in 0..<600 {
                let ack = try await sender.send(
                    channelID: "sloth", channelType: 1, payload: big, clientMsgNo: "flood-\(index)")
                if ack.reasonCode == .success { acked += 1 }
            }
            // The sender was never slowed down by the stalled receiver.
            #expect(acked == 600)
            // Reading again drains what the kernel held, then finds the server closed the connection.
            try await raw.setReading(true)
            #expect(await raw.waitForClose(timeout: .seconds(10)))
            await sender.close()
        }
    }
}
