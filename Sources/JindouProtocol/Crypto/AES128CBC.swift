import CJindouAES
import Crypto
import CryptoExtras
import Foundation

/// AES-128-CBC with one key and one IV, over whole 16-byte blocks, in the caller's buffer.
///
/// On x86-64 processors with AES instructions (AES-NI) it runs `CJindouAES`: blocks are encrypted
/// where they lie and a call allocates nothing; the round keys are expanded in registers on each
/// call, so all a session keeps is 32 bytes of key and IV. Elsewhere it uses swift-crypto's
/// `AES._CBC`, which sets the key up and copies through `Data` on every call. Both produce the
/// same bytes (the tests compare them with each other and with swift-crypto's padded CBC).
/// Padding is the caller's business: ``SessionCipher`` applies and checks PKCS#7 itself.
struct AES128CBC: Sendable {
    static let blockSize = 16

    /// Which way a call runs.
    enum Direction: Sendable {
        case encrypt
        case decrypt
    }

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
        run(.encrypt, inPlace: blocks)
    }

    /// Decrypts `blocks` (a whole number of blocks) in place.
    func decrypt(inPlace blocks: UnsafeMutableRawBufferPointer) {
        run(.decrypt, inPlace: blocks)
    }

    private func run(_ direction: Direction, inPlace blocks: UnsafeMutableRawBufferPointer) {
        precondition(blocks.count % Self.blockSize == 0, "CBC input must be whole blocks")
        guard blocks.count > 0 else { return }
        switch implementation {
        case .hardware(let key, let iv):
            withUnsafeBytes(of: key) { key in
                withUnsafeBytes(of: iv) { iv in
                    switch direction {
                    case .encrypt:
                        jindou_aes128_cbc_encrypt(key.baseAddress, iv.baseAddress, blocks.baseAddress, blocks.count)
                    case .decrypt:
                        jindou_aes128_cbc_decrypt(key.baseAddress, iv.baseAddress, blocks.baseAddress, blocks.count)
                    }
                }
            }
        case .swiftCrypto(let key, let iv):
            let input = UnsafeRawBufferPointer(blocks)
            let output: Data
            do {
                switch direction {
                case .encrypt: output = try AES._CBC.encrypt(input, using: key, iv: iv, noPadding: true)
                case .decrypt: output = try AES._CBC.decrypt(input, using: key, iv: iv, noPadding: true)
                }
            } catch {
                // Only a key of another size or a partial block can fail, and neither can happen here.
                preconditionFailure("AES-CBC failed: \(error)")
            }
            output.withUnsafeBytes { blocks.copyMemory(from: $0) }
        }
    }
}
