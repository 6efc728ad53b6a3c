import JindouCore
import Testing

@Suite("Message ids")
struct MessageIDGeneratorTests {
    @Test("snowflake layout with the node id")
    func layout() {
        let generator = MessageIDGenerator(nodeID: 5)
        let now: Int64 = 1_700_000_000_000
        let id = generator.next(nowMilliseconds: now)
        #expect(id == ((now - MessageIDGenerator.epochMilliseconds) << 22) | (5 << 12))
        #expect(MessageIDGenerator.timestampMilliseconds(of: id) == now)
        #expect(generator.next(nowMilliseconds: now) == id + 1)
    }

    @Test("never goes backwards, keeps the node bits when a millisecond overflows")
    func monotonic() {
        let generator = MessageIDGenerator(nodeID: 1023)
        var last: Int64 = 0
        for _ in 0..<10_000 {
            let id = generator.next(nowMilliseconds: 1_700_000_000_000)
            #expect(id > last)
            #expect((id >> 12) & 0x3FF == 1023)
            last = id
        }
        #expect(generator.next(nowMilliseconds: 1_600_000_000_000) > last)
    }

    @Test("a floor from storage is respected")
    func floor() {
        let generator = MessageIDGenerator(nodeID: 1, floor: Int64.max / 2)
        #expect(generator.next() > Int64.max / 2)
    }

    @Test("concurrent callers never share an id")
    func concurrent() async {
        let generator = MessageIDGenerator(nodeID: 2)
        let ids = await withTaskGroup(of: [Int64].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<5_000).map { _ in generator.next() } }
            }
            return await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(Set(ids).count == ids.count)
    }
}
