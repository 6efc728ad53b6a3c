import Crypto
import CryptoExtras
import Foundation

/// The per-connection AES-128-CBC cipher of a WKProto session (wkproto.md §3).
///
/// Both sides derive it from an X25519 exchange: `shared = X25519(own private, peer public)`, the AES key
/// is the first 16 characters of the lowercase hex MD5 of the ASCII string `base64(shared)`, and the IV is
/// the first 16 characters of the salt sent in CONNACK. The IV is fixed for the whole session.
/// "Encrypt(x)" is `base64(AES-CBC(key, iv, pkcs7(x)))` as ASCII bytes.
public struct SessionCipher: Sendable {
    private let key: SymmetricKey
    private let iv: AES._CBC.IV

    /// A cipher from the AES key and IV as text.
    ///
    /// Both are expected to be 16 ASCII characters: the first 16 UTF-8 bytes of each are used, and a
    /// shorter value is padded with zero bytes (so a longer salt works as the IV, as in the JS SDK).
    public init(aesKey: String, iv: String) {
        self.key = SymmetricKey(data: Self.sixteenBytes(aesKey))
        // Sixteen bytes always make a valid IV.
        self.iv = try! AES._CBC.IV(ivBytes: Self.sixteenBytes(iv))
    }

    /// A cipher from the handshake: own key pair, the peer's base64 public key (only its first
    /// 32 decoded bytes are used) and the salt.
    public init(keyPair: SessionKeyPair, peerPublicKeyBase64: String, salt: String) throws(CryptoError) {
        let derived = try Self.deriveKey(privateKey: keyPair.privateKey, peerPublicKeyBase64: peerPublicKeyBase64)
        self.init(aesKey: derived.aesKey, iv: salt)
    }

    /// The intermediate values of the key derivation (exposed to the module for tests).
    struct DerivedKey {
        var sharedSecret: [UInt8]
        var sharedSecretBase64: String
        var aesKey: String
    }

    /// X25519 with the first 32 bytes of the peer key, then the MD5-hex derivation of the AES key.
    static func deriveKey(
        privateKey: Curve25519.KeyAgreement.PrivateKey, peerPublicKeyBase64: String
    ) throws(CryptoError) -> DerivedKey {
        var peerKey = peerPublicKeyBase64
        let decoded = peerKey.withUTF8 { Base64.decode(UnsafeRawBufferPointer($0)) }
        guard let decoded else { throw .invalidPublicKey }
        guard decoded.count >= 32,
            let publicKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: decoded[0..<32])
        else { throw .invalidPublicKey }
        guard let shared = try? privateKey.sharedSecretFromKeyAgreement(with: publicKey) else {
            throw .keyAgreementFailed
        }
        let sharedBytes = shared.withUnsafeBytes { [UInt8]($0) }
        // A low-order peer key yields the all-zero secret; not every backend rejects it.
        guard sharedBytes.contains(where: { $0 != 0 }) else { throw .keyAgreementFailed }
        let sharedBase64 = sharedBytes.withUnsafeBytes { Base64.encode($0) }
        let digest = Insecure.MD5.hash(data: sharedBase64)
        return DerivedKey(
            sharedSecret: sharedBytes,
            sharedSecretBase64: String(decoding: sharedBase64, as: UTF8.self),
            aesKey: digest.withUnsafeBytes { Hex.encode(UnsafeRawBufferPointer(rebasing: $0.prefix(8))) })
    }

    /// The server's side of the handshake for a CONNECT carrying `clientKeyBase64`.
    ///
    /// - Returns: the session cipher, and the `serverKey` and `salt` to send in CONNACK.
    public static func serverHandshake(
        clientKeyBase64: String
    ) throws(CryptoError) -> (cipher: SessionCipher, serverKeyBase64: String, salt: String) {
        let keyPair = SessionKeyPair.generate()
        let salt = randomSalt()
        let cipher = try SessionCipher(keyPair: keyPair, peerPublicKeyBase64: clientKeyBase64, salt: salt)
        return (cipher, keyPair.publicKeyBase64, salt)
    }

    /// Sixteen random characters from `[0-9a-zA-Z]`, drawn from the system CSPRNG.
    public static func randomSalt() -> String {
        var rng = SystemRandomNumberGenerator()
        return saltAlphabet.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: 16) { out in
                for i in 0..<16 { out[i] = table[Int.random(in: 0..<table.count, using: &rng)] }
                return 16
            }
        }
    }

    /// Encrypt(plaintext): the base64 (standard, padded) ASCII bytes of AES-128-CBC with PKCS#7 padding.
    public func encrypt(_ plaintext: [UInt8]) -> [UInt8] {
        let ciphertext: Data
        do {
            ciphertext = try AES._CBC.encrypt(plaintext, using: key, iv: iv)
        } catch {
            // Only an invalid key size can fail, and the key is always 16 bytes.
            preconditionFailure("AES-CBC encryption failed: \(error)")
        }
        return ciphertext.withUnsafeBytes { Base64.encode($0) }
    }

    /// Reverses ``encrypt(_:)``: base64-decodes, decrypts and removes the PKCS#7 padding.
    public func decrypt(_ wire: [UInt8]) throws(CryptoError) -> [UInt8] {
        let ciphertext = wire.withUnsafeBytes { Base64.decode($0) }
        guard let ciphertext else { throw .invalidBase64 }
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0,
            let plaintext = try? AES._CBC.decrypt(ciphertext, using: key, iv: iv)
        else { throw .decryptionFailed }
        return [UInt8](plaintext)
    }

    /// The msgKey of a SEND: lowercase hex MD5 of Encrypt(signStr) with
    /// `signStr = clientSeq + clientMsgNo + channelID + channelType + payload` (numbers in decimal,
    /// payload as on the wire, i.e. already encrypted).
    public func msgKey(for packet: SendPacket) -> String {
        var sign: [UInt8] = []
        sign.reserveCapacity(32 + packet.clientMsgNo.utf8.count + packet.channelID.utf8.count + packet.payload.count)
        sign.appendDecimal(UInt64(packet.clientSeq))
        sign.append(contentsOf: packet.clientMsgNo.utf8)
        sign.append(contentsOf: packet.channelID.utf8)
        sign.appendDecimal(UInt64(packet.channelType))
        sign.append(contentsOf: packet.payload)
        return digestHex(encrypt(sign))
    }

    /// The msgKey of a RECV: lowercase hex MD5 of Encrypt(signStr) with
    /// `signStr = messageID + messageSeq + clientMsgNo + timestamp + fromUID + channelID + channelType + payload`
    /// (numbers in decimal, values exactly as in the packet, payload already encrypted).
    public func msgKey(for packet: RecvPacket) -> String {
        var sign: [UInt8] = []
        sign.reserveCapacity(
            64 + packet.clientMsgNo.utf8.count + packet.fromUID.utf8.count + packet.channelID.utf8.count
                + packet.payload.count)
        sign.appendDecimal(packet.messageID)
        sign.appendDecimal(packet.messageSeq)
        sign.append(contentsOf: packet.clientMsgNo.utf8)
        sign.appendDecimal(Int64(packet.timestamp))
        sign.append(contentsOf: packet.fromUID.utf8)
        sign.append(contentsOf: packet.channelID.utf8)
        sign.appendDecimal(UInt64(packet.channelType))
        sign.append(contentsOf: packet.payload)
        return digestHex(encrypt(sign))
    }

    // MARK: - Helpers

    private static let saltAlphabet: [UInt8] = Array(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    private func digestHex(_ bytes: [UInt8]) -> String {
        Insecure.MD5.hash(data: bytes).withUnsafeBytes { Hex.encode($0) }
    }

    private static func sixteenBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8.prefix(16))
        if bytes.count < 16 { bytes.append(contentsOf: repeatElement(0, count: 16 - bytes.count)) }
        return bytes
    }
}

extension [UInt8] {
    /// Appends the decimal ASCII digits of `value`.
    @inline(__always)
    fileprivate mutating func appendDecimal(_ value: UInt64) {
        if value < 10 {
            append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var n = value
            var i = 20
            while n > 0 {
                i -= 1
                scratch[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
                n /= 10
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: scratch[i..<20]))
        }
    }

    /// Appends the decimal ASCII digits of `value`, with a leading `-` when negative.
    @inline(__always)
    fileprivate mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
    }
}
