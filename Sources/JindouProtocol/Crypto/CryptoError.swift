/// A failure of the session key exchange or of the session cipher.
public enum CryptoError: Error, Sendable, Hashable {
    /// A public key that is not base64 or decodes to fewer than 32 bytes.
    case invalidPublicKey
    /// A raw private key that is not 32 bytes.
    case invalidPrivateKey
    /// X25519 produced the all-zero secret (a low-order peer key).
    case keyAgreementFailed
    /// Ciphertext that is not standard base64.
    case invalidBase64
    /// Ciphertext that is not a whole number of AES blocks or has bad PKCS#7 padding.
    case decryptionFailed
}

extension CryptoError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidPublicKey: "invalid X25519 public key: not base64 or shorter than 32 bytes"
        case .invalidPrivateKey: "invalid X25519 private key: not 32 bytes"
        case .keyAgreementFailed: "X25519 key agreement failed: low-order peer public key"
        case .invalidBase64: "ciphertext is not valid base64"
        case .decryptionFailed: "AES-CBC decryption failed: bad length or padding"
        }
    }
}
