import Crypto
import Foundation

/// `X-Jindou-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, keyed by the
/// webhook secret. The timestamp is signed with the body, so a receiver that rejects old
/// timestamps also rejects replays of a captured request.
package enum WebhookSignature {
    /// The header's name.
    package static let headerName = "X-Jindou-Signature"

    /// The header value for `body` sent at `timestamp`.
    package static func header(body: some DataProtocol, secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(hex(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// Whether `header` is a valid signature of `body` made within `tolerance` seconds of `now`.
    package static func verify(
        header: String, body: some DataProtocol, secret: String, now: Int64, tolerance: Int64 = 300
    ) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = mac(body: body, secret: secret, timestamp: timestamp)
        return signatures.contains { candidate in
            guard let bytes = bytes(hex: candidate) else { return false }
            return expected == bytes
        }
    }

    private static func mac(
        body: some DataProtocol, secret: String, timestamp: Int64
    ) -> HashedAuthenticationCode<SHA256> {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: Array(secret.utf8)))
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: body)
        return hmac.finalize()
    }

    private static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String {
        code.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}
