/// The message body the bench sends: JSON like `{"type":1,"bench":"S:Q:T","content":"xxxx"}` where
/// S is the sender index, Q its sequence number (from 1) and T the scheduled send time in
/// monotonic nanoseconds (same process, so receivers can compute latency).
enum BenchPayload {
    private static let prefix = Array(#"{"type":1,"bench":""#.utf8)
    private static let middle = Array(#"","content":""#.utf8)
    private static let suffix = Array(#""}"#.utf8)

    /// The smallest payload size that still carries the marker.
    static let minimumSize = prefix.count + middle.count + suffix.count + 24

    struct Marker: Equatable {
        var sender: Int
        var seq: UInt64
        var scheduledNanos: UInt64
    }

    /// A payload of exactly `size` bytes when `size` is large enough, padded with "x".
    static func make(sender: Int, seq: UInt64, scheduledNanos: UInt64, size: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(size, minimumSize + 40))
        bytes.append(contentsOf: prefix)
        appendDecimal(UInt64(sender), to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(seq, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDecimal(scheduledNanos, to: &bytes)
        bytes.append(contentsOf: middle)
        let padding = size - bytes.count - suffix.count
        if padding > 0 {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: padding))
        }
        bytes.append(contentsOf: suffix)
        return bytes
    }

    /// Reads the marker back; nil for anything the bench did not send.
    static func parse(_ bytes: [UInt8]) -> Marker? {
        guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return nil }
        var index = prefix.count
        guard let sender = readDecimal(bytes, &index, until: UInt8(ascii: ":")),
            let seq = readDecimal(bytes, &index, until: UInt8(ascii: ":")),
            let time = readDecimal(bytes, &index, until: UInt8(ascii: "\""))
        else { return nil }
        return Marker(sender: Int(sender), seq: seq, scheduledNanos: time)
    }

    private static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: String(value).utf8)
    }

    private static func readDecimal(_ bytes: [UInt8], _ index: inout Int, until terminator: UInt8) -> UInt64? {
        var value: UInt64 = 0
        var sawDigit = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == terminator { return sawDigit ? value : nil }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            sawDigit = true
        }
        return nil
    }
}
