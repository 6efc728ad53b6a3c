import CJindouAES
import Crypto
import CryptoExtras
import Foundation

/// AES-128-CBC with one key and one IV, over whole 16-byte blocks, in the caller's buffer.
///
/// On x86-64 processors with AES instructions (AES-NI) it runs `CJindouAES`: blocks are encrypted
/// where they lie and a call allocates nothing; the round keys are expanded in registers on each
/// call, so all a session keeps is 32 bytes of key and IV. Elsewhere it uses swift-crypto's `AES._CBC`, which sets the key up
/// and copies through `Data` on every call. Both produce the same bytes (the tests compare them
/// with each other and with swift-crypto's padded CBC). Padding is the caller's business:
/// ``SessionCipher`` applies and checks PKCS#7 itself, in constant time.
struct AES128CBC: Sendable {
    static let blockSize = 16

    private enum Implementation: Sendable {
        /// The key's and the IV's 16 bytes.
        case hardware(key: (UInt64, UInt64), iv: (UInt64, UInt64))
        case swiftCrypto(SymmetricKey, AES._CBC.IV)
    }

    /// True when this processor runs the AES-NI implementation.
    static let hardwareAvailable = jindou_aes128_hardware_available() == 1

    private let implementation: Implementation

    /// A cipher for a 16-byte key and IV; `useHardware: false` forces swift-crypto (for tests).
    init(key: [UInt8], iv: [UInt8], useHardware: Bool = AES128CBC.hardwareAvailable) {
        precondition(key.count == 16 && iv.count == 16, "AES-128-CBC takes a 16-byte key and IV")
        if useHardware && Self.hardwareAvailable {
            var (keyBytes, ivBytes): ((UInt64, UInt64), (UInt64, UInt64)) = ((0, 0), (0, 0))
            withUnsafeMutableBytes(of: &keyBytes) { $0.copyBytes(from: key) }
            withUnsafeMutableBytes(of: &ivBytes) { $0.copyBytes(from: iv) }
            implementation = .hardware(key: keyBytes, iv: ivBytes)
        } else {
            // Sixteen bytes always make a valid IV.
            implementation = .swiftCrypto(SymmetricKey(data: key), try! AES._CBC.IV(ivBytes: iv))
        }
    }

    /// Encrypts `blocks` (a whole number of blocks) in place.
    func encrypt(inPlace blocks: UnsafeMutableRawBufferPointer) {
        precondition(blocks.count % Self.blockSize == 0, "CBC input must be whole blocks")
        switch implementation {
        case .hardware(let key, let iv):
            Self.run(jindou_aes128_cbc_encrypt, key: key, iv: iv, on: blocks)
        case .swiftCrypto(let key, let iv):
            let ciphertext: Data
            do {
                ciphertext = try AES._CBC.encrypt(UnsafeRawBufferPointer(blocks), using: key, iv: iv, noPadding: true)
            } catch {
                // Only a key of another size or a partial block can fail, and neither can happen here.
                preconditionFailure("AES-CBC encryption failed: \(error)")
            }
            ciphertext.withUnsafeBytes { blocks.copyMemory(from: $0) }
        }
    }

    /// Decrypts `blocks` (a whole, non-zero number of blocks) in place.
    func decrypt(inPlace blocks: UnsafeMutableRawBufferPointer) {
        precondition(blocks.count > 0 && blocks.count % Self.blockSize == 0, "CBC input must be whole blocks")
        switch implementation {
        case .hardware(let key, let iv):
            Self.run(jindou_aes128_cbc_decrypt, key: key, iv: iv, on: blocks)
        case .swiftCrypto(let key, let iv):
            let plaintext: Data
            do {
                plaintext = try AES._CBC.decrypt(UnsafeRawBufferPointer(blocks), using: key, iv: iv, noPadding: true)
            } catch {
                preconditionFailure("AES-CBC decryption failed: \(error)")
            }
            plaintext.withUnsafeBytes { blocks.copyMemory(from: $0) }
        }
    }

    /// Calls one of `CJindouAES`'s CBC functions on `blocks` with the key and IV bytes.
    private static func run(
        _ operation: (UnsafePointer<UInt8>?, UnsafePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, Int) -> Void,
        key: (UInt64, UInt64), iv: (UInt64, UInt64), on blocks: UnsafeMutableRawBufferPointer
    ) {
        withUnsafeBytes(of: key) { key in
            withUnsafeBytes(of: iv) { iv in
                operation(
                    key.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    iv.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    blocks.baseAddress?.assumingMemoryBound(to: UInt8.self), blocks.count)
            }
        }
    }
}
