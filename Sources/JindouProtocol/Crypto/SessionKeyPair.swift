import Crypto

/// An X25519 key pair for the WKProto session handshake.
public struct SessionKeyPair: Sendable {
    /// The private key.
    public let privateKey: Curve25519.KeyAgreement.PrivateKey
    private let publicKeyBase64Storage: String

    /// Base64 (standard, padded) of the 32-byte public key, as sent in CONNECT.clientKey or CONNACK.serverKey.
    public var publicKeyBase64: String { publicKeyBase64Storage }

    private init(privateKey: Curve25519.KeyAgreement.PrivateKey) {
        self.privateKey = privateKey
        self.publicKeyBase64Storage = privateKey.publicKey.rawRepresentation.withUnsafeBytes { raw in
            String(decoding: Base64.encode(raw), as: UTF8.self)
        }
    }

    /// A fresh key pair from the system CSPRNG.
    public static func generate() -> SessionKeyPair {
        SessionKeyPair(privateKey: Curve25519.KeyAgreement.PrivateKey())
    }

    /// A key pair from a 32-byte raw private key (clamped by X25519 when used).
    public init(rawPrivateKey: [UInt8]) throws(CryptoError) {
        guard rawPrivateKey.count == 32,
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: rawPrivateKey)
        else { throw .invalidPrivateKey }
        self.init(privateKey: key)
    }
}
