/// Lowercase hexadecimal encoding with a lookup table.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes the lowercase hex of `bytes` to the start of `out` (at least twice as long).
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 2 * bytes.count, "hex output buffer too small")
        digits.withUnsafeBufferPointer { table in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = table[Int(byte >> 4)]
                out[2 * index + 1] = table[Int(byte & 0x0F)]
            }
        }
    }

    /// The lowercase hex string of `bytes`.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            encode(bytes, into: UnsafeMutableRawBufferPointer(out))
            return bytes.count * 2
        }
    }
}
