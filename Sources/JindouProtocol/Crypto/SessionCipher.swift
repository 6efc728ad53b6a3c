import Crypto
import CryptoExtras
import Foundation

/// The per-connection AES-128-CBC cipher of a WKProto session (wkproto.md §3).
///
/// Both sides derive it from an X25519 exchange: `shared = X25519(own private, peer public)`, the AES key
/// is the first 16 characters of the lowercase hex MD5 of the ASCII string `base64(shared)`, and the IV is
/// the first 16 characters of the salt sent in CONNACK. The IV is fixed for the whole session.
/// "Encrypt(x)" is `base64(AES-CBC(key, iv, pkcs7(x)))` as ASCII bytes.
///
/// This runs for every SEND and every RECV, twice each (payload and msgKey), so the intermediates
/// (padded plaintext, ciphertext, the msgKey's sign string and its encryption) live in temporary
/// buffers, not in arrays: only the result is a new allocation.
public struct SessionCipher: Sendable {
    private let cbc: AES128CBC

    /// A cipher from the AES key and IV as text.
    ///
    /// Both are expected to be 16 ASCII characters: the first 16 UTF-8 bytes of each are used, and a
    /// shorter value is padded with zero bytes (so a longer salt works as the IV, as in the JS SDK).
    public init(aesKey: String, iv: String) {
        self.cbc = AES128CBC(key: Self.sixteenBytes(aesKey), iv: Self.sixteenBytes(iv))
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
        plaintext.withUnsafeBytes { plaintext in
            let paddedCount = Self.paddedCount(plaintext.count)
            return withUnsafeTemporaryAllocation(byteCount: paddedCount, alignment: 16) { blocks in
                blocks.copyMemory(from: plaintext)
                return Base64.encode(UnsafeRawBufferPointer(rebasing: blocks[..<seal(blocks, count: plaintext.count)]))
            }
        }
    }

    /// Reverses ``encrypt(_:)``: base64-decodes, decrypts and removes the PKCS#7 padding.
    public func decrypt(_ wire: [UInt8]) throws(CryptoError) -> [UInt8] {
        let result: Result<[UInt8], CryptoError> = wire.withUnsafeBytes { wire in
            withUnsafeTemporaryAllocation(byteCount: Base64.decodedCapacity(wire.count), alignment: 16) { scratch in
                guard let count = Base64.decode(wire, into: scratch) else { return .failure(.invalidBase64) }
                guard count > 0, count % AES128CBC.blockSize == 0 else { return .failure(.decryptionFailed) }
                let ciphertext = UnsafeMutableRawBufferPointer(rebasing: scratch[..<count])
                cbc.decrypt(inPlace: ciphertext)
                guard let plaintextCount = Self.unpaddedCount(UnsafeRawBufferPointer(ciphertext)) else {
                    return .failure(.decryptionFailed)
                }
                return .success([UInt8](UnsafeRawBufferPointer(rebasing: ciphertext[..<plaintextCount])))
            }
        }
        return try result.get()
    }

    /// The msgKey of a SEND: lowercase hex MD5 of Encrypt(signStr) with
    /// `signStr = clientSeq + clientMsgNo + channelID + channelType + payload` (numbers in decimal,
    /// payload as on the wire, i.e. already encrypted).
    public func msgKey(for packet: SendPacket) -> String {
        withMsgKey(of: packet) { String(decoding: $0, as: UTF8.self) }
    }

    /// True when the SEND carries the msgKey this session computes for it (compared in constant
    /// time, without building the expected key as a string).
    public func hasValidMsgKey(_ packet: SendPacket) -> Bool {
        withMsgKey(of: packet) { expected in Self.constantTimeEquals(expected, packet.msgKey) }
    }

    /// The msgKey of a RECV: lowercase hex MD5 of Encrypt(signStr) with
    /// `signStr = messageID + messageSeq + clientMsgNo + timestamp + fromUID + channelID + channelType + payload`
    /// (numbers in decimal, values exactly as in the packet, payload already encrypted).
    public func msgKey(for packet: RecvPacket) -> String {
        withMsgKey(of: packet) { String(decoding: $0, as: UTF8.self) }
    }

    /// True when the RECV carries the msgKey this session computes for it (constant time).
    public func hasValidMsgKey(_ packet: RecvPacket) -> Bool {
        withMsgKey(of: packet) { expected in Self.constantTimeEquals(expected, packet.msgKey) }
    }

    private func withMsgKey<R>(of packet: SendPacket, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let bound =
            2 * Self.maxDecimalDigits + packet.clientMsgNo.utf8.count + packet.channelID.utf8.count
            + packet.payload.count
        return withMsgKey(signBound: bound, body) { sign in
            sign.appendDecimal(UInt64(packet.clientSeq))
            sign.append(packet.clientMsgNo)
            sign.append(packet.channelID)
            sign.appendDecimal(UInt64(packet.channelType))
            sign.append(packet.payload)
        }
    }

    private func withMsgKey<R>(of packet: RecvPacket, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let bound =
            4 * Self.maxDecimalDigits + packet.clientMsgNo.utf8.count + packet.fromUID.utf8.count
            + packet.channelID.utf8.count + packet.payload.count
        return withMsgKey(signBound: bound, body) { sign in
            sign.appendDecimal(packet.messageID)
            sign.appendDecimal(packet.messageSeq)
            sign.append(packet.clientMsgNo)
            sign.appendDecimal(Int64(packet.timestamp))
            sign.append(packet.fromUID)
            sign.append(packet.channelID)
            sign.appendDecimal(UInt64(packet.channelType))
            sign.append(packet.payload)
        }
    }

    /// Writes the sign string (at most `signBound` bytes) with `writeSign`, then hands `body` the
    /// 32 lowercase hex characters of MD5(Encrypt(sign)).
    private func withMsgKey<R>(
        signBound: Int, _ body: (UnsafeRawBufferPointer) -> R, writeSign: (inout ByteWriter) -> Void
    ) -> R {
        // Room for the padding too: the sign is encrypted where it was written.
        let capacity = Self.paddedCount(signBound)
        return withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 16) { signBuffer in
            var sign = ByteWriter(signBuffer)
            writeSign(&sign)
            let sealed = UnsafeRawBufferPointer(rebasing: signBuffer[..<seal(signBuffer, count: sign.count)])
            return withUnsafeTemporaryAllocation(byteCount: Base64.encodedCount(capacity), alignment: 1) { encrypted in
                let count = Base64.encode(sealed, into: encrypted)
                var md5 = Insecure.MD5()
                md5.update(bufferPointer: UnsafeRawBufferPointer(rebasing: encrypted[..<count]))
                let digest = md5.finalize()
                return withUnsafeTemporaryAllocation(byteCount: 2 * Insecure.MD5Digest.byteCount, alignment: 1) { hex in
                    digest.withUnsafeBytes { Hex.encode($0, into: hex) }
                    return body(UnsafeRawBufferPointer(hex))
                }
            }
        }
    }

    /// Pads the `count` plaintext bytes at the start of `buffer` (PKCS#7; `buffer` has room for it)
    /// and encrypts them in place; returns the ciphertext's length.
    private func seal(_ buffer: UnsafeMutableRawBufferPointer, count: Int) -> Int {
        let paddedCount = Self.paddedCount(count)
        precondition(buffer.count >= paddedCount, "no room for the padding")
        let padding = UInt8(paddedCount - count)
        for index in count..<paddedCount { buffer[index] = padding }
        cbc.encrypt(inPlace: UnsafeMutableRawBufferPointer(rebasing: buffer[..<paddedCount]))
        return paddedCount
    }

    // MARK: - Helpers

    private static let saltAlphabet: [UInt8] = Array(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    /// Decimal digits of the longest number in a sign string (with a sign).
    private static let maxDecimalDigits = 20

    /// The length of `count` bytes with PKCS#7 padding: 1 to 16 bytes more, a whole number of blocks.
    private static func paddedCount(_ count: Int) -> Int {
        (count / AES128CBC.blockSize + 1) * AES128CBC.blockSize
    }

    /// The length of the plaintext in PKCS#7-padded `blocks`, or nil when the padding is invalid.
    /// The last block is read whole and compared without branches, as swift-crypto does, so the
    /// check takes the same time wherever the padding is wrong (the msgKey, checked first, is what
    /// keeps forged ciphertexts out).
    private static func unpaddedCount(_ blocks: UnsafeRawBufferPointer) -> Int? {
        let padding = blocks[blocks.count - 1]
        // All-ones when `value` is negative, else zero: comparisons without branches.
        func negativeMask(_ value: Int) -> UInt8 { UInt8(truncatingIfNeeded: value >> (Int.bitWidth - 1)) }
        // The padding length must be 1...16 ...
        var bad = negativeMask(Int(padding) - 1) | negativeMask(AES128CBC.blockSize - Int(padding))
        for offset in 1...AES128CBC.blockSize {
            let byte = blocks[blocks.count - offset]
            // ... and every byte inside it (offset <= padding) must equal it.
            let inside = ~negativeMask(Int(padding) - offset)
            bad |= inside & (byte ^ padding)
        }
        return bad == 0 ? blocks.count - Int(padding) : nil
    }

    /// Compares 32 hex bytes with a msgKey string, in time independent of where they differ.
    private static func constantTimeEquals(_ expected: UnsafeRawBufferPointer, _ actual: String) -> Bool {
        var actual = actual
        // Native strings are contiguous UTF-8: this reads them in place.
        return actual.withUTF8 { actual in
            guard actual.count == expected.count else { return false }
            var difference: UInt8 = 0
            for index in 0..<actual.count { difference |= actual[index] ^ expected[index] }
            return difference == 0
        }
    }

    private static func sixteenBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8.prefix(16))
        if bytes.count < 16 { bytes.append(contentsOf: repeatElement(0, count: 16 - bytes.count)) }
        return bytes
    }
}

/// Appends bytes to a fixed buffer that the caller sized for everything it writes.
private struct ByteWriter {
    private let buffer: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    mutating func append(_ text: String) {
        var text = text
        // Native strings are contiguous UTF-8: this does not copy them.
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        precondition(count + bytes.count <= buffer.count, "sign buffer too small")
        UnsafeMutableRawBufferPointer(rebasing: buffer[count..<count + bytes.count]).copyMemory(from: bytes)
        count += bytes.count
    }

    /// Appends the decimal ASCII digits of `value`.
    mutating func appendDecimal(_ value: UInt64) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        precondition(count + digits <= buffer.count, "sign buffer too small")
        var n = value
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10)
            n /= 10
        }
        count += digits
    }

    /// Appends the decimal ASCII digits of `value`, with a leading `-` when negative.
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 {
            precondition(count < buffer.count, "sign buffer too small")
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        appendDecimal(value.magnitude)
    }
}
