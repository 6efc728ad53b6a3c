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
        for malformed in ["@u1", "u1@", "a@b@c", "@", ""] {
            #expect(PersonChannel.members(of: malformed) == nil, "\(malformed)")
            #expect(!PersonChannel.isMember("a", of: malformed), "\(malformed)")
        }
        #expect(PersonChannel.isMember("u1", of: "u2@u1") && PersonChannel.isMember("u2", of: "u2@u1"))
        #expect(!PersonChannel.isMember("u", of: "u2@u1"))
        // Members longer than a small string, with a known uid handed back as is.
        let (long1, long2) = ("a-rather-long-user-id-0001", "a-rather-long-user-id-0002")
        let id = PersonChannel.id(between: long1, and: long2)
        #expect(PersonChannel.peer(of: long1, in: id, reusing: long2) == long2)
        #expect(PersonChannel.peer(of: long1, in: id, reusing: "someone-else") == long2)
        let members = PersonChannel.members(of: id, reusing: long1)
        #expect(members.map { [$0.0, $0.1].sorted() } == [long1, long2])
    }

    @Test("uid rules")
    func uidRules() {
        #expect(IdentifierRules.isValidUID("user_1"))
        // An `@` followed by a combining mark is one Character but still the separator byte.
        for bad in ["", "a@b", "a#b", "a&b", "tab\t", "a@\u{301}b", "x&\u{20DD}"] {
            #expect(!IdentifierRules.isValidUID(bad))
        }
        // Control characters (category Cc) in ASCII and beyond; other categories are not controls.
        for control in ["a\u{0}", "\u{1F}", "x\u{7F}y", "é\u{85}", "中\u{9F}文", "\u{7F}中"] {
            #expect(IdentifierRules.containsControlCharacter(control), "\(control.unicodeScalars.map(\.value))")
        }
        for plain in ["", "user_1 ~", "élan", "中文", "zero\u{200B}width", "\u{A0}", "😀"] {
            #expect(!IdentifierRules.containsControlCharacter(plain), "\(plain.unicodeScalars.map(\.value))")
        }
    }
}
