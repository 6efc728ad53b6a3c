/// Random identifiers for device ids and clientMsgNos.
enum RandomIdentifier {
    private static let digits = Array("0123456789abcdef".utf8)

    /// 32 lowercase hex characters from 128 random bits.
    static func hex32() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                buffer[index] = digits[Int((high >> (60 - 4 * UInt64(index))) & 0xF)]
                buffer[16 + index] = digits[Int((low >> (60 - 4 * UInt64(index))) & 0xF)]
            }
            return 32
        }
    }
}
