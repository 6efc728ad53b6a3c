/// Lowercase hexadecimal encoding with a lookup table.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The lowercase hex string of `bytes`.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        digits.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: bytes.count * 2) { out in
                var o = 0
                for byte in bytes {
                    out[o] = table[Int(byte >> 4)]
                    out[o + 1] = table[Int(byte & 0x0F)]
                    o += 2
                }
                return o
            }
        }
    }
}
