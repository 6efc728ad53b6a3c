import Foundation

/// Builds a ``ServerConfiguration`` from a config file, the environment and flags, rejecting any
/// unknown key or bad value with an error that names it (never a silent default).
package enum ConfigurationLoader {
    /// Environment variables with this prefix are read; an unknown one is an error.
    static let environmentPrefix = "JINDOU_"
    /// Environment variables that belong to tooling, not to the server.
    static let ignoredEnvironmentPrefixes = ["JINDOU_TEST_", "JINDOU_BENCH_", "JINDOU_STORAGE_BENCH"]

    /// The names of every setting, for help texts.
    package static var keyNames: [String] { ServerConfiguration.keys.map(\.name) }

    /// Loads the configuration.
    /// - Parameters:
    ///   - file: path of a JSON config file (an object of key to value), or nil.
    ///   - environment: the process environment.
    ///   - flags: values given on the command line, by key name (`data_dir`).
    package static func load(
        file: String?, environment: [String: String], flags: [String: String]
    ) throws(ConfigurationError) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        let keys = Dictionary(uniqueKeysWithValues: ServerConfiguration.keys.map { ($0.name, $0) })
        if let file {
            for (name, value) in try readFile(file).sorted(by: { $0.key < $1.key }) {
                guard let key = keys[name] else {
                    throw ConfigurationError(
                        "unknown key \"\(name)\" in \(file); known keys: \(keyNames.joined(separator: ", "))")
                }
                try apply(key, value, &configuration, source: "\(name) in \(file)")
            }
        }
        let environmentKeys = Dictionary(uniqueKeysWithValues: keys.values.map { ($0.environmentName, $0) })
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(environmentPrefix) {
            if ignoredEnvironmentPrefixes.contains(where: { name.hasPrefix($0) }) { continue }
            guard let key = environmentKeys[name] else {
                throw ConfigurationError(
                    "unknown environment variable \(name); known: \(environmentKeys.keys.sorted().joined(separator: ", "))"
                )
            }
            try apply(key, value, &configuration, source: "environment variable \(name)")
        }
        for (name, value) in flags.sorted(by: { $0.key < $1.key }) {
            guard let key = keys[name] else { throw ConfigurationError("unknown flag --\(name)") }
            try apply(key, value, &configuration, source: "flag \(key.flagName)")
        }
        return configuration
    }

    private static func apply(
        _ key: ServerConfiguration.Key, _ value: String, _ configuration: inout ServerConfiguration, source: String
    ) throws(ConfigurationError) {
        if let problem = key.apply(&configuration, value) {
            // Secrets are never echoed, not even in an error.
            throw ConfigurationError("\(source) = \"\(key.shown(value))\" \(problem)")
        }
    }

    /// A value in the config file: a string, a number or a boolean.
    private enum FileValue: Decodable {
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .text(value ? "true" : "false")
            } else if let value = try? container.decode(Int.self) {
                self = .text(String(value))
            } else if let value = try? container.decode(Double.self) {
                self = .text(String(value))
            } else if let value = try? container.decode(String.self) {
                self = .text(value)
            } else {
                throw DecodingError.typeMismatch(
                    String.self, .init(codingPath: decoder.codingPath, debugDescription: "not a scalar"))
            }
        }
    }

    /// Reads a JSON object of scalar values.
    static func readFile(_ path: String) throws(ConfigurationError) -> [String: String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("cannot read config file \(path): \(error.localizedDescription)")
        }
        do {
            let values = try JSONDecoder().decode([String: FileValue].self, from: data)
            return values.mapValues { value in
                switch value {
                case .text(let text): text
                }
            }
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigurationError("\(key) in \(path) must be a string, a number or a boolean")
        } catch {
            throw ConfigurationError("config file \(path) must be a JSON object of settings: \(error)")
        }
    }
}
