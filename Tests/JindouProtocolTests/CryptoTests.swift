import Crypto
import Foundation
import Testing

@testable import JindouProtocol

@Suite("Session crypto (wkproto.md §3 and the §8 crypto vector)")
struct CryptoTests {
    let client = try! SessionKeyPair(rawPrivateKey: bytes(hex: Golden.clientPriv))
    let server = try! SessionKeyPair(rawPrivateKey: bytes(hex: Golden.serverPriv))

    @Test func publicKeysMatchRFC7748() {
        #expect(client.publicKeyBase64 == Golden.clientKey)
        #expect(server.publicKeyBase64 == Golden.serverKey)
    }

    @Test func sharedSecretAndAESKey() throws {
        let fromServer = try SessionCipher.deriveKey(
            privateKey: server.privateKey, peerPublicKeyBase64: Golden.clientKey)
        let fromClient = try SessionCipher.deriveKey(
            privateKey: client.privateKey, peerPublicKeyBase64: Golden.serverKey)
        for derived in [fromServer, fromClient] {
            #expect(hex(derived.sharedSecret) == Golden.shared)
            #expect(derived.sharedSecretBase64 == Golden.sharedBase64)
            #expect(derived.aesKey == Golden.aesKey)
        }
    }

    @Test func encryptVector() throws {
        let serverCipher = try SessionCipher(keyPair: server, peerPublicKeyBase64: Golden.clientKey, salt: Golden.salt)
        let clientCipher = try SessionCipher(keyPair: client, peerPublicKeyBase64: Golden.serverKey, salt: Golden.salt)
        let byKey = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        for cipher in [serverCipher, clientCipher, byKey] {
            let wire = cipher.encrypt(Array(Golden.plaintext.utf8))
            #expect(String(decoding: wire, as: UTF8.self) == Golden.ciphertext)
            #expect(try cipher.decrypt(wire) == Array(Golden.plaintext.utf8))
        }
        let hello = SessionCipher(aesKey: "1234567890abcdef", iv: "abcdef1234567890").encrypt(Array("hello".utf8))
        #expect(String(decoding: hello, as: UTF8.self) == "lHmhQSLj/3y7tkoSCBhwmw==")
    }

    @Test func sendMsgKey() {
        let cipher = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        #expect(cipher.msgKey(for: Golden.sendPacket) == Golden.sendMsgKey)
        // The same value computed from the documented sign string.
        let viaSignStr = hex(Insecure_MD5(cipher.encrypt(Array(Golden.sendSignStr.utf8))))
        #expect(viaSignStr == Golden.sendMsgKey)
    }

    @Test func recvMsgKey() {
        let cipher = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        #expect(cipher.msgKey(for: Golden.recvPacket) == Golden.recvMsgKey)
        let viaSignStr = hex(Insecure_MD5(cipher.encrypt(Array(Golden.recvSignStr.utf8))))
        #expect(viaSignStr == Golden.recvMsgKey)
    }

    @Test func msgKeyWithNegativeAndLargeNumbers() {
        let cipher = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        var packet = Golden.recvPacket
        packet.messageID = -9_223_372_036_854_775_808
        packet.messageSeq = UInt64.max
        packet.timestamp = -1
        let sign =
            "-9223372036854775808" + "18446744073709551615" + "cmn1" + "-1" + "u1" + "u1" + "1" + Golden.ciphertext
        let expected = hex(Insecure_MD5(cipher.encrypt(Array(sign.utf8))))
        #expect(cipher.msgKey(for: packet) == expected)
        packet.msgKey = expected
        #expect(cipher.hasValidMsgKey(packet))
    }

    @Test func serverHandshakeRoundTrip() throws {
        let clientPair = SessionKeyPair.generate()
        let (serverCipher, serverKey, salt) = try SessionCipher.serverHandshake(
            clientKeyBase64: clientPair.publicKeyBase64)
        #expect(salt.utf8.count == 16)
        #expect(Data(base64Encoded: serverKey)?.count == 32)
        let clientCipher = try SessionCipher(keyPair: clientPair, peerPublicKeyBase64: serverKey, salt: salt)
        for length in [0, 1, 15, 16, 17, 1000] {
            let plain = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let wire = clientCipher.encrypt(plain)
            #expect(wire.count == (length / 16 + 1) * 16 / 3 * 4 + ((length / 16 + 1) * 16 % 3 == 0 ? 0 : 4))
            #expect(try serverCipher.decrypt(wire) == plain)
        }
    }

    @Test func peerKeyLongerThan32BytesUsesThePrefix() throws {
        let long = Data(Data(base64Encoded: Golden.clientKey)! + Data([1, 2, 3, 4, 5, 6, 7, 8])).base64EncodedString()
        let derived = try SessionCipher.deriveKey(privateKey: server.privateKey, peerPublicKeyBase64: long)
        #expect(derived.aesKey == Golden.aesKey)
    }

    @Test func invalidPeerKeys() {
        #expect(throws: CryptoError.invalidPublicKey) {
            try SessionCipher(keyPair: server, peerPublicKeyBase64: "not base64!", salt: Golden.salt)
        }
        #expect(throws: CryptoError.invalidPublicKey) {
            try SessionCipher(
                keyPair: server, peerPublicKeyBase64: Data(count: 16).base64EncodedString(), salt: Golden.salt)
        }
        #expect(throws: CryptoError.invalidPublicKey) {
            try SessionCipher(keyPair: server, peerPublicKeyBase64: "", salt: Golden.salt)
        }
        // The all-zero point gives an all-zero shared secret, which X25519 rejects.
        #expect(throws: CryptoError.keyAgreementFailed) {
            try SessionCipher(
                keyPair: server, peerPublicKeyBase64: Data(count: 32).base64EncodedString(), salt: Golden.salt)
        }
        #expect(throws: CryptoError.invalidPrivateKey) { try SessionKeyPair(rawPrivateKey: [1, 2, 3]) }
    }

    @Test func decryptRejectsBadInput() {
        let cipher = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        #expect(throws: CryptoError.invalidBase64) { try cipher.decrypt(Array("***".utf8)) }
        #expect(throws: CryptoError.invalidBase64) { try cipher.decrypt(Array("abcde".utf8)) }
        #expect(throws: CryptoError.decryptionFailed) { try cipher.decrypt([]) }
        #expect(throws: CryptoError.decryptionFailed) { try cipher.decrypt(Array("aGVsbG8=".utf8)) }
        // The first block of a 16-byte plaintext alone ends in 'A' (0x41), which is not valid padding.
        let wire = cipher.encrypt(Array("AAAAAAAAAAAAAAAA".utf8))
        let firstBlock = Data(base64Encoded: Data(wire))!.prefix(16)
        #expect(throws: CryptoError.decryptionFailed) {
            try cipher.decrypt(Array(firstBlock.base64EncodedString().utf8))
        }
    }

    @Test func randomSaltAlphabet() {
        var seen = Set<String>()
        for _ in 0..<100 {
            let salt = SessionCipher.randomSalt()
            #expect(salt.utf8.count == 16)
            #expect(
                salt.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) })
            seen.insert(salt)
        }
        #expect(seen.count == 100)
    }

    @Test func shortAndLongIVs() {
        let plain = Array("hello".utf8)
        // A salt longer than 16 characters uses its first 16, as the JS SDK does.
        #expect(
            SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt + "extra").encrypt(plain)
                == SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt).encrypt(plain))
        // A short one is zero-padded.
        #expect(
            SessionCipher(aesKey: Golden.aesKey, iv: "abc").encrypt(plain)
                == SessionCipher(aesKey: Golden.aesKey, iv: "abc\0\0\0\0\0\0\0\0\0\0\0\0\0").encrypt(plain))
    }

    @Test func base64MatchesFoundation() {
        var rng = SplitMix64(seed: 7)
        for length in 0..<70 {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let ours = data.withUnsafeBytes { Base64.encode($0) }
            let expected = Data(data).base64EncodedString()
            #expect(String(decoding: ours, as: UTF8.self) == expected)
            #expect(ours.withUnsafeBytes { Base64.decode($0) } == data)
            // Unpadded input is accepted too.
            let unpadded = Array(expected.utf8.filter { $0 != UInt8(ascii: "=") })
            #expect(unpadded.withUnsafeBytes { Base64.decode($0) } == data)
        }
        for bad in ["A", "AB=", "A===", "AB=C", "ABC-", "ABCD=", "AB\nCD"] {
            #expect(Array(bad.utf8).withUnsafeBytes { Base64.decode($0) } == nil, "\(bad)")
        }
    }

    @Test("payload encryption matches swift-crypto's AES-CBC with PKCS#7 for every length and random keys")
    func encryptionMatchesSwiftCrypto() throws {
        var rng = SplitMix64(seed: 11)
        func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        func randomText() -> String {
            String(decoding: (0..<16).map { _ in UInt8.random(in: 0x21...0x7E, using: &rng) }, as: UTF8.self)
        }
        // Lengths around 1 KiB, where Swift may move the cipher's scratch space to the heap, and far past it.
        for length in Array(0..<70) + [255, 256, 1_023, 1_024, 4_099, 70_000] {
            let (key, iv) = (randomText(), randomText())
            let cipher = SessionCipher(aesKey: key, iv: iv)
            let plaintext = randomBytes(length)
            let reference = try AES._CBC.encrypt(
                plaintext, using: SymmetricKey(data: Array(key.utf8)), iv: AES._CBC.IV(ivBytes: Array(iv.utf8)))
            let wire = cipher.encrypt(plaintext)
            #expect(String(decoding: wire, as: UTF8.self) == reference.base64EncodedString(), "length \(length)")
            #expect(try cipher.decrypt(wire) == plaintext, "length \(length)")
        }
    }

    @Test("AES-NI and swift-crypto CBC give the same bytes: NIST SP 800-38A F.2.1 and random inputs")
    func cbcImplementationsAgree() throws {
        let key = bytes(hex: "2b7e151628aed2a6abf7158809cf4f3c")
        let iv = bytes(hex: "000102030405060708090a0b0c0d0e0f")
        let plaintext = bytes(
            hex: "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
        let expected =
            "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
            + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"
        // On a processor without AES-NI both are swift-crypto: the detection is checked against
        // what the kernel reports, so a wrong "no" cannot make this test compare swift-crypto
        // with itself unnoticed.
        #if arch(x86_64) && os(Linux)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let kernelSaysAES = cpuinfo.split(separator: "\n").contains { line in
            line.hasPrefix("flags") && line.split(separator: " ").contains("aes")
        }
        #expect(AES128CBC.hardwareAvailable == kernelSaysAES)
        #endif
        let implementations = [true, false].map { AES128CBC(key: key, iv: iv, useHardware: $0) }
        for cbc in implementations {
            var blocks = plaintext
            blocks.withUnsafeMutableBytes { cbc.encrypt(inPlace: $0) }
            #expect(hex(blocks) == expected)
            blocks.withUnsafeMutableBytes { cbc.decrypt(inPlace: $0) }
            #expect(blocks == plaintext)
        }
        var rng = SplitMix64(seed: 5)
        for blockCount in 1...40 {
            let key = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let iv = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let data = (0..<blockCount * 16).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let (hardware, software) = (AES128CBC(key: key, iv: iv), AES128CBC(key: key, iv: iv, useHardware: false))
            var (a, b) = (data, data)
            a.withUnsafeMutableBytes { hardware.encrypt(inPlace: $0) }
            b.withUnsafeMutableBytes { software.encrypt(inPlace: $0) }
            #expect(a == b, "encrypt, \(blockCount) blocks")
            a.withUnsafeMutableBytes { hardware.decrypt(inPlace: $0) }
            b.withUnsafeMutableBytes { software.decrypt(inPlace: $0) }
            #expect(a == data && b == data, "decrypt, \(blockCount) blocks")
        }
    }

    @Test("PKCS#7 padding is accepted exactly when it is valid, whatever the last block holds")
    func paddingCheck() throws {
        let cipher = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        let cbc = AES128CBC(key: Array(Golden.aesKey.utf8), iv: Array(Golden.salt.utf8))
        var rng = SplitMix64(seed: 3)
        for padding in 0...255 {
            for variant in 0..<4 {
                // Two blocks whose tail is `padding` repeated, with one byte inside the run spoiled
                // in variants 1...3.
                var plain = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
                let run = min(max(padding, 1), 16)
                for index in (32 - run)..<32 { plain[index] = UInt8(padding) }
                if variant > 0, run > 1 { plain[32 - Int.random(in: 2...run, using: &rng)] ^= UInt8(variant) }
                let valid = (1...16).contains(padding) && plain.suffix(padding).allSatisfy { $0 == UInt8(padding) }
                let original = plain
                plain.withUnsafeMutableBytes { cbc.encrypt(inPlace: $0) }
                let wire = plain.withUnsafeBytes { Base64.encode($0) }
                if valid {
                    #expect(try cipher.decrypt(wire) == Array(original.prefix(32 - padding)), "padding \(padding)")
                } else {
                    #expect(throws: CryptoError.decryptionFailed, "padding \(padding) variant \(variant)") {
                        try cipher.decrypt(wire)
                    }
                }
            }
        }
    }

    @Test("a msgKey is checked against the packet's without building it: any other value fails")
    func msgKeyCheck() {
        let cipher = SessionCipher(aesKey: Golden.aesKey, iv: Golden.salt)
        #expect(cipher.hasValidMsgKey(Golden.sendPacket))
        #expect(cipher.hasValidMsgKey(Golden.recvPacket))
        let key = Golden.sendMsgKey
        for wrong in [
            "", String(key.dropLast()), key + "0", key.uppercased(), "0" + key.dropFirst(),
            String(key.dropLast()) + (key.last == "0" ? "1" : "0"),
        ] {
            var send = Golden.sendPacket
            send.msgKey = wrong
            #expect(!cipher.hasValidMsgKey(send), "\(wrong)")
            var recv = Golden.recvPacket
            recv.msgKey = wrong
            #expect(!cipher.hasValidMsgKey(recv), "\(wrong)")
        }
        // A packet changed after signing no longer matches its key.
        var send = Golden.sendPacket
        send.clientSeq += 1
        #expect(!cipher.hasValidMsgKey(send))
        // Large payloads (scratch space on the heap) sign the same as via the sign string.
        var large = Golden.sendPacket
        large.payload = cipher.encrypt([UInt8](repeating: 7, count: 5_000))
        large.msgKey = cipher.msgKey(for: large)
        let sign =
            Array("\(large.clientSeq)\(large.clientMsgNo)\(large.channelID)\(large.channelType)".utf8) + large.payload
        #expect(large.msgKey == hex(Insecure_MD5(cipher.encrypt(sign))))
        #expect(cipher.hasValidMsgKey(large))
    }
}

/// MD5 of bytes, for recomputing msgKeys from the documented sign strings.
private func Insecure_MD5(_ bytes: [UInt8]) -> [UInt8] {
    Array(Insecure.MD5.hash(data: bytes))
}
