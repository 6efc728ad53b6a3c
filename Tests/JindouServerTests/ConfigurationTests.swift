import JindouCore
import Foundation
import JindouServer
import Testing

/// Configuration layering and validation.
@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults match the documentation")
    func defaults() throws {
        let configuration = try ConfigurationLoader.load(file: nil, environment: [:], flags: [:])
        // Without API tokens the API stays on this machine; with tokens it listens everywhere.
        #expect(configuration.httpAddress == nil)
        #expect(configuration.effectiveHTTPAddress == HostPort(host: "127.0.0.1", port: 5001))
        let withTokens = try ConfigurationLoader.load(
            file: nil, environment: ["JINDOU_API_TOKENS": "ops:admin:0123456789abcdef0123"], flags: [:])
        #expect(withTokens.effectiveHTTPAddress == HostPort(host: "0.0.0.0", port: 5001))
        #expect(configuration.tcpAddress == HostPort(host: "0.0.0.0", port: 5100))
        #expect(configuration.wsAddress == HostPort(host: "0.0.0.0", port: 5200))
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.nodeID == 1)
        #expect(configuration.recvRetryInterval == 60)
    }

    @Test("flags override the environment, which overrides the file")
    func layering() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-\(UUID().uuidString).json")
        try Data(#"{"data_dir":"/from/file","node_id":3,"http_addr":":6001","whitelist_off_of_person":false}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try ConfigurationLoader.load(
            file: file.path, environment: ["JINDOU_DATA_DIR": "/from/env", "JINDOU_NODE_ID": "4", "PATH": "/bin"],
            flags: ["data_dir": "/from/flag"])
        #expect(configuration.dataDirectory == "/from/flag")
        #expect(configuration.nodeID == 4)
        #expect(configuration.httpAddress == HostPort(host: "0.0.0.0", port: 6001))
        #expect(configuration.ignoresPersonAllowlist == false)
    }

    @Test("unknown keys and bad values are errors that name them")
    func rejections() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-\(UUID().uuidString).json")
        try Data(#"{"data_dirr":"x"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let cases: [(String?, [String: String], [String: String], String)] = [
            (file.path, [:], [:], "data_dirr"),
            (nil, ["JINDOU_TCP_ADR": ":1"], [:], "JINDOU_TCP_ADR"),
            (nil, ["JINDOU_NODE_ID": "5000"], [:], "JINDOU_NODE_ID"),
            (nil, [:], ["http_addr": "localhost"], "--http-addr"),
            (nil, [:], ["ws_addr": "1.2.3.4:70000"], "--ws-addr"),
            (nil, [:], ["recv_retry_interval": "-1"], "--recv-retry-interval"),
            (nil, [:], ["log_level": "loud"], "--log-level"),
            ("/does/not/exist.json", [:], [:], "/does/not/exist.json"),
        ]
        for (path, environment, flags, named) in cases {
            do {
                _ = try ConfigurationLoader.load(file: path, environment: environment, flags: flags)
                Issue.record("expected an error naming \(named)")
            } catch {
                #expect(error.description.contains(named), "\(error.description)")
            }
        }
    }

    @Test("addresses parse in all documented forms")
    func hostPort() {
        #expect(HostPort(parsing: "127.0.0.1:5100") == HostPort(host: "127.0.0.1", port: 5100))
        #expect(HostPort(parsing: ":0") == HostPort(host: "0.0.0.0", port: 0))
        #expect(HostPort(parsing: "[::1]:80") == HostPort(host: "::1", port: 80))
        #expect(HostPort(parsing: "localhost") == nil)
        #expect(HostPort(parsing: "::1:80") == nil)
    }
}
