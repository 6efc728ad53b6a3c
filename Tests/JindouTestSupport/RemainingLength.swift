/// The varint of a WKProto packet's remaining length (7 bits a byte, least significant first,
/// the high bit set on every byte but the last), written here apart from the codec so that tests
/// can check it and build packets the codec would refuse to.
package enum RemainingLength {
    package static func bytes(_ length: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var value = length
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value > 0
        return bytes
    }
}
