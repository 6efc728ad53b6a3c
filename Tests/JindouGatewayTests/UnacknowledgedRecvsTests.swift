import NIOCore
import Testing

@testable import JindouGateway

/// The RECVs a connection holds until their RECVACK: counted by capacity, resent after the
/// interval a bounded number of times, and bounded in count and bytes.
@Suite("Unacknowledged RECVs")
struct UnacknowledgedRecvsTests {
    static let start = NIODeadline.uptimeNanoseconds(0)

    static func recv(_ byte: UInt8, size: Int = 100) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        buffer.writeRepeatingByte(byte, count: size)
        return buffer
    }

    @Test("a RECVACK forgets its RECV; a RECV of the same message replaces the earlier one")
    func acknowledge() {
        var recvs = UnacknowledgedRecvs(maxBytes: 1 << 20)
        let first = Self.recv(1)
        recvs.insert(first, messageID: 1, now: Self.start)
        recvs.insert(Self.recv(2), messageID: 2, now: Self.start)
        #expect(recvs.count == 2)
        #expect(recvs.bytes == 2 * first.capacity)
        recvs.insert(Self.recv(3), messageID: 2, now: Self.start)
        #expect(recvs.count == 2)
        #expect(recvs.bytes == 2 * first.capacity)
        recvs.acknowledge(1)
        recvs.acknowledge(1)
        recvs.acknowledge(99)
        #expect(recvs.count == 1)
        #expect(recvs.bytes == first.capacity)
        recvs.removeAll()
        #expect(recvs.count == 0)
        #expect(recvs.bytes == 0)
    }

    @Test("a RECV is resent with the same bytes once per interval, then given up after the limit")
    func redelivery() {
        let interval = TimeAmount.seconds(60)
        var recvs = UnacknowledgedRecvs(maxBytes: 1 << 20)
        let bytes = Self.recv(7)
        recvs.insert(bytes, messageID: 7, now: Self.start)
        let early = recvs.redeliver(now: Self.start + .seconds(59), interval: interval, limit: 2)
        #expect(early.resend.isEmpty)
        var now = Self.start + interval
        for _ in 0..<2 {
            let due = recvs.redeliver(now: now, interval: interval, limit: 2)
            #expect(due.resend == [bytes])
            #expect(due.givenUp.isEmpty)
            // Not again within the interval from the resend.
            let again = recvs.redeliver(now: now + .seconds(1), interval: interval, limit: 2)
            #expect(again.resend.isEmpty)
            now = now + interval
        }
        let last = recvs.redeliver(now: now, interval: interval, limit: 2)
        #expect(last.resend.isEmpty)
        #expect(last.givenUp == [7])
        #expect(recvs.count == 0)
        #expect(recvs.bytes == 0)
    }

    @Test("a reader is full past the byte limit or the count limit")
    func limits() {
        var bySize = UnacknowledgedRecvs(maxBytes: 250)
        let recv = Self.recv(1)
        #expect(!bySize.isFull(adding: recv))
        bySize.insert(recv, messageID: 1, now: Self.start)
        bySize.insert(Self.recv(2), messageID: 2, now: Self.start)
        #expect(bySize.bytes + recv.capacity > 250)
        #expect(bySize.isFull(adding: recv))

        var byCount = UnacknowledgedRecvs(maxBytes: .max)
        let tiny = Self.recv(0, size: 1)
        for messageID in 1..<Int64(UnacknowledgedRecvs.maxCount) {
            byCount.insert(tiny, messageID: messageID, now: Self.start)
        }
        #expect(!byCount.isFull(adding: tiny))
        byCount.insert(tiny, messageID: 0, now: Self.start)
        #expect(byCount.isFull(adding: tiny))
    }
}
