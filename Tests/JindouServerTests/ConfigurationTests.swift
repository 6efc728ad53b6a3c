import Foundation
import JindouCore
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
        try Data(#"{"data_dir":"/from/file","node_id":3,"http_addr":":6001","whitelist_off_of_person":false}"#.utf8)
            .write(to: file)
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

/// The configuration key table is the one source: the startup summary, the flags and the README's
/// table are checked against it.
@Suite("Configuration key table")
struct ConfigurationKeyTableTests {
    @Test("the startup summary lists every key, in the table's order")
    func summaryFollowsTheTable() {
        #expect(ServerConfiguration().summary.map(\.0) == ServerConfiguration.keys.map(\.name))
    }

    @Test("every key but the secrets is a flag: --name value, --name=value, a bare boolean")
    func flagsFollowTheTable() throws {
        let values = try CommandLineSettings.parse([
            "--data-dir", "/tmp/x", "--user-send-rate=5", "--insecure-open-api", "--disconnect-on-shutdown", "false",
            "--http-header-timeout", "3",
        ])
        #expect(
            values == [
                "data_dir": "/tmp/x", "user_send_rate": "5", "insecure_open_api": "true",
                "disconnect_on_shutdown": "false",
                "http_header_timeout": "3",
            ])
        for key in ServerConfiguration.keys where !key.isSecret {
            #expect(try CommandLineSettings.parse([key.flagName, "1"])[key.name] == "1")
        }
        #expect(throws: ConfigurationError.self) {
            try CommandLineSettings.parse(["--api-tokens", "a:admin:0123456789abcdef"])
        }
        #expect(throws: ConfigurationError.self) { try CommandLineSettings.parse(["--no-such-setting", "1"]) }
        #expect(throws: ConfigurationError.self) { try CommandLineSettings.parse(["--data-dir"]) }
        let help = CommandLineSettings.help
        for key in ServerConfiguration.keys {
            #expect(help.contains(key.environmentName))
        }
    }

    @Test("the README's configuration table has a row for every key and none for anything else")
    func readmeFollowsTheTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `--") || $0.hasPrefix("| | `JINDOU_") }
        var documented: [String: String] = [:]
        for row in rows {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count > 4 else { continue }
            let environment = cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            documented[environment] = cells[1]
        }
        for key in ServerConfiguration.keys {
            let flag = documented[key.environmentName]
            #expect(flag != nil, "README has no row for \(key.environmentName)")
            #expect(
                flag == (key.isSecret ? "" : "`\(key.flagName)`"),
                "README row of \(key.environmentName) shows flag \(flag ?? "none")")
        }
        let known = Set(ServerConfiguration.keys.map(\.environmentName))
        for environment in documented.keys {
            #expect(known.contains(environment), "README documents \(environment), which is not a setting")
        }
    }
}
