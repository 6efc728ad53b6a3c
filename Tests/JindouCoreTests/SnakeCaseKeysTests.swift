import Foundation
import JindouCore
import Testing

@Suite("snake_case JSON keys")
struct SnakeCaseKeysTests {
    @Test(
        "a Swift name and its JSON key convert both ways",
        arguments: [
            ("uid", "uid"), ("uids", "uids"), ("channelID", "channel_id"), ("fromUID", "from_uid"),
            ("clientMsgNo", "client_msg_no"), ("messageIDs", "message_ids"), ("failUIDs", "fail_uids"),
            ("clientIP", "client_ip"), ("heartbeatAgeMs", "heartbeat_age_ms"), ("lastMsgSeqs", "last_msg_seqs"),
            ("isSystemUser", "is_system_user"), ("wssAddr", "wss_addr"),
        ])
    func roundTrip(swiftName: String, jsonKey: String) {
        #expect(SnakeCaseKeys.jsonKey(for: swiftName) == jsonKey)
        #expect(SnakeCaseKeys.swiftName(for: jsonKey) == swiftName)
    }

    @Test("a key outside the rule names no Swift name", arguments: ["channelID", "Channel_ID", "channel__id", "_uid"])
    func foreignKeys(jsonKey: String) {
        #expect(SnakeCaseKeys.swiftName(for: jsonKey) == nil)
    }

    private struct Sample: Codable, Equatable {
        var channelID: String?
        var fromUID: String?
        var counts: [String: Int]?
    }

    @Test("the coders use the JSON keys, and leave dictionary keys as they are")
    func coders() throws {
        let sample = Sample(channelID: "g1", fromUID: "u1", counts: ["someKey": 1])
        let json = String(decoding: try JSONEncoder.snakeCaseKeys().encode(sample), as: UTF8.self)
        #expect(json.contains(#""channel_id":"g1""#) && json.contains(#""from_uid":"u1""#))
        #expect(json.contains(#""someKey":1"#))
        let decoded = try JSONDecoder.snakeCaseKeys().decode(Sample.self, from: Data(json.utf8))
        #expect(decoded == sample)
    }

    @Test("a camelCase key in the JSON names no field")
    func camelCaseKeyIgnored() throws {
        let decoded = try JSONDecoder.snakeCaseKeys().decode(Sample.self, from: Data(#"{"channelID":"g1"}"#.utf8))
        #expect(decoded.channelID == nil)
    }

    @Test("a decoding error's path names the Swift name, whose JSON key the API reports")
    func errorPath() {
        do {
            _ = try JSONDecoder.snakeCaseKeys().decode(Sample.self, from: Data(#"{"from_uid":1}"#.utf8))
            Issue.record("decoded a number as a string")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map { SnakeCaseKeys.jsonKey(for: $0.stringValue) } == ["from_uid"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
