import CompressNIO
import Foundation
import JindouCore
import NIOCore

/// The body of `msg.offline`: the message's fields (as in `/channel/messagesync`) plus who did not
/// have it delivered: `to_uids`, or for long lists `compress: "gzip"` and `compress_to_uids`
/// (base64 of the gzipped JSON array), as WuKongIM sends it.
struct OfflineNotification: Encodable, Sendable {
    var message: MessageJSON
    var toUIDs: [String]
    var compressedToUIDs: String?
    /// WuKongIM's id of the node that stored the message.
    var sourceID: Int64

    private enum CodingKeys: String, CodingKey {
        case toUIDs = "to_uids"
        case compress
        case compressedToUIDs = "compress_to_uids"
        case sourceID = "source_id"
    }

    /// - Parameter compressAbove: lists with more uids than this are compressed.
    init(message stored: StoredMessage, offline uids: [String], nodeID: Int64, compressAbove threshold: Int) {
        var message = MessageJSON(stored)
        // Unlike the query routes, the offline event names the system sender as it is.
        message.fromUID = stored.fromUID
        self.message = message
        self.sourceID = nodeID
        if uids.count > threshold, let compressed = try? Self.gzipBase64(uids) {
            self.toUIDs = []
            self.compressedToUIDs = compressed
        } else {
            self.toUIDs = uids
            self.compressedToUIDs = nil
        }
    }

    func encode(to encoder: any Encoder) throws {
        try message.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(toUIDs, forKey: .toUIDs)
        try container.encode(compressedToUIDs == nil ? "" : "gzip", forKey: .compress)
        try container.encodeIfPresent(compressedToUIDs, forKey: .compressedToUIDs)
        try container.encode(sourceID, forKey: .sourceID)
    }

    /// base64(gzip(JSON array of `uids`)).
    static func gzipBase64(_ uids: [String]) throws -> String {
        var json = ByteBuffer(bytes: try JSONEncoder().encode(uids))
        let compressed = try json.compress(with: .gzip())
        return Data(compressed.readableBytesView).base64EncodedString()
    }
}
