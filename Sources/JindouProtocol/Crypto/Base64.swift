/// Standard-alphabet base64 over byte buffers, without Foundation round trips.
///
/// The `into:` forms write into a caller's buffer (the session cipher keeps its intermediates on
/// the stack); the others return a new array.
enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF when it is not in the alphabet.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The length of the padded encoding of `count` bytes.
    static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Enough room for the decoding of `count` base64 characters.
    static func decodedCapacity(_ count: Int) -> Int { (count + 3) / 4 * 3 }

    /// Encodes `bytes` as padded standard base64 ASCII.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: encodedCount(bytes.count)) { out, initialized in
            initialized = encode(bytes, into: UnsafeMutableRawBufferPointer(out))
        }
    }

    /// Writes the padded base64 of `bytes` to the start of `out` (at least ``encodedCount(_:)``
    /// bytes) and returns how many bytes it wrote.
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        let count = bytes.count
        precondition(out.count >= encodedCount(count), "base64 output buffer too small")
        return alphabet.withUnsafeBufferPointer { table in
            var i = 0
            var o = 0
            while i + 3 <= count {
                let value = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                out[o] = table[Int(value >> 18)]
                out[o + 1] = table[Int((value >> 12) & 0x3F)]
                out[o + 2] = table[Int((value >> 6) & 0x3F)]
                out[o + 3] = table[Int(value & 0x3F)]
                i += 3
                o += 4
            }
            let remainder = count - i
            if remainder > 0 {
                var value = UInt32(bytes[i]) << 16
                if remainder == 2 { value |= UInt32(bytes[i + 1]) << 8 }
                out[o] = table[Int(value >> 18)]
                out[o + 1] = table[Int((value >> 12) & 0x3F)]
                out[o + 2] = remainder == 2 ? table[Int((value >> 6) & 0x3F)] : UInt8(ascii: "=")
                out[o + 3] = UInt8(ascii: "=")
                o += 4
            }
            return o
        }
    }

    /// Decodes standard base64. Padding is optional; any other character, or a length that leaves
    /// a single dangling character, is rejected.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        var valid = true
        let output = [UInt8](unsafeUninitializedCapacity: decodedCapacity(bytes.count)) { out, initialized in
            if let count = decode(bytes, into: UnsafeMutableRawBufferPointer(out)) {
                initialized = count
            } else {
                valid = false
                initialized = 0
            }
        }
        return valid ? output : nil
    }

    /// Decodes `bytes` to the start of `out` (at least ``decodedCapacity(_:)`` bytes) and returns
    /// how many bytes it wrote, or nil when `bytes` is not base64 (as in ``decode(_:)``).
    static func decode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int? {
        precondition(out.count >= decodedCapacity(bytes.count), "base64 output buffer too small")
        var end = bytes.count
        if end > 0 && bytes[end - 1] == UInt8(ascii: "=") { end -= 1 }
        if end > 0 && bytes[end - 1] == UInt8(ascii: "=") { end -= 1 }
        let padding = bytes.count - end
        if padding > 0 && bytes.count % 4 != 0 { return nil }
        if end % 4 == 1 { return nil }
        return reverse.withUnsafeBufferPointer { table in
            var i = 0
            var o = 0
            var bad: UInt8 = 0
            while i + 4 <= end {
                let a = table[Int(bytes[i])]
                let b = table[Int(bytes[i + 1])]
                let c = table[Int(bytes[i + 2])]
                let d = table[Int(bytes[i + 3])]
                bad |= a | b | c | d
                let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                out[o] = UInt8(truncatingIfNeeded: value >> 16)
                out[o + 1] = UInt8(truncatingIfNeeded: value >> 8)
                out[o + 2] = UInt8(truncatingIfNeeded: value)
                i += 4
                o += 3
            }
            let remainder = end - i
            if remainder >= 2 {
                let a = table[Int(bytes[i])]
                let b = table[Int(bytes[i + 1])]
                let c = remainder == 3 ? table[Int(bytes[i + 2])] : 0
                bad |= a | b | c
                let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                out[o] = UInt8(truncatingIfNeeded: value >> 16)
                o += 1
                if remainder == 3 {
                    out[o] = UInt8(truncatingIfNeeded: value >> 8)
                    o += 1
                }
            }
            // Every valid sextet is < 64, so the high bits flag an invalid character.
            return bad & 0xC0 == 0 ? o : nil
        }
    }
}
