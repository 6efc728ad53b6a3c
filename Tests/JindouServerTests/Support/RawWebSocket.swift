/// WebSocket framing by hand over a ``RawConnection``, for frames a real client would not send.
enum RawWebSocket {
    /// Opens a raw connection to the WebSocket port and completes the upgrade.
    static func open(port: Int) async throws -> RawConnection {
        let connection = try await RawConnection.open(port: port)
        try await connection.write(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let text = String(decoding: connection.received, as: UTF8.self)
            if text.contains("\r\n\r\n") {
                guard text.hasPrefix("HTTP/1.1 101") else { throw TestFailure("upgrade refused: \(text)") }
                return connection
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("no upgrade response")
    }

    /// A masked client frame.
    static func frame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let mask: [UInt8] = [0x11, 0x22, 0x33, 0x44]
        bytes += header(length: UInt64(payload.count), masked: true)
        bytes += mask
        bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return bytes
    }

    /// Only the header of a masked binary frame declaring `length` payload bytes.
    static func binaryFrameHeader(length: UInt64) -> [UInt8] {
        [0x82] + header(length: length, masked: true) + [0x11, 0x22, 0x33, 0x44]
    }

    private static func header(length: UInt64, masked: Bool) -> [UInt8] {
        let maskBit: UInt8 = masked ? 0x80 : 0
        if length < 126 { return [maskBit | UInt8(length)] }
        if length <= UInt64(UInt16.max) { return [maskBit | 126, UInt8(length >> 8), UInt8(length & 0xFF)] }
        return [maskBit | 127] + (0..<8).reversed().map { UInt8((length >> (UInt64($0) * 8)) & 0xFF) }
    }

    /// The status code of the first close frame (server frames are unmasked) in `bytes` after the
    /// HTTP upgrade response, or nil if there is none.
    static func closeCode(in bytes: [UInt8]) -> UInt16? {
        guard let headerEnd = findHeaderEnd(bytes) else { return nil }
        var index = headerEnd
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0F
            var length = Int(bytes[index + 1] & 0x7F)
            var offset = index + 2
            if length == 126 {
                guard offset + 2 <= bytes.count else { return nil }
                length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
                offset += 2
            } else if length == 127 {
                guard offset + 8 <= bytes.count else { return nil }
                length = (0..<8).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
                offset += 8
            }
            guard offset + length <= bytes.count else { return nil }
            if opcode == 0x8 {
                guard length >= 2 else { return nil }
                return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            }
            index = offset + length
        }
        return nil
    }

    private static func findHeaderEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }
}
