import JindouCore
import Testing

@Suite("Person channels")
struct PersonChannelTests {
    @Test(
        "the uid with the larger CRC-32 goes first",
        arguments: [
            ("u1", "u2", "u2@u1"), ("alice", "bob", "bob@alice"), ("10001", "10002", "10002@10001"),
        ])
    func fakeIDs(a: String, b: String, expected: String) {
        #expect(PersonChannel.id(between: a, and: b) == expected)
        #expect(PersonChannel.id(between: b, and: a) == expected)
    }

    @Test("CRC-32 matches the IEEE check value")
    func crc() {
        #expect(CRC32.checksum("123456789".utf8) == 0xCBF4_3926)
        #expect(CRC32.checksum("".utf8) == 0)
    }

    @Test("peer lookup")
    func peers() {
        #expect(PersonChannel.peer(of: "u1", in: "u2@u1") == "u2")
        #expect(PersonChannel.peer(of: "u2", in: "u2@u1") == "u1")
        #expect(PersonChannel.peer(of: "u3", in: "u2@u1") == nil)
        #expect(PersonChannel.peer(of: "me", in: "me@me") == "me")
        #expect(PersonChannel.members(of: "plain") == nil)
    }

    @Test("uid rules")
    func uidRules() {
        #expect(IdentifierRules.isValidUID("user_1"))
        for bad in ["", "a@b", "a#b", "a&b", "tab\t"] {
            #expect(!IdentifierRules.isValidUID(bad))
        }
    }
}
