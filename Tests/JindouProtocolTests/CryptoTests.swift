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
}

/// MD5 of bytes, for recomputing msgKeys from the documented sign strings.
private func Insecure_MD5(_ bytes: [UInt8]) -> [UInt8] {
    Array(Insecure.MD5.hash(data: bytes))
}
