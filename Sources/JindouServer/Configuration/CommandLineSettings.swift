/// The settings as `jindou serve` flags: one `--name-with-dashes` per configuration key, so the
/// flags, their help and the keys cannot drift apart. Secrets (`api_tokens`) have no flag: the
/// process list would show them.
package enum CommandLineSettings {
    /// Reads `--name value`, `--name=value` and, for true/false settings, a bare `--name`; returns
    /// the values by key name (`data_dir`).
    package static func parse(_ arguments: [String]) throws(ConfigurationError) -> [String: String] {
        let keys = Dictionary(uniqueKeysWithValues: ServerConfiguration.keys.map { ($0.flagName, $0) })
            .filter { !$0.value.isSecret }
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                throw ConfigurationError("unexpected argument \"\(argument)\": settings are given as --name value")
            }
            let flag: String
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                flag = argument
            }
            guard let key = keys[flag] else {
                if let secret = ServerConfiguration.keys.first(where: { $0.flagName == flag && $0.isSecret }) {
                    throw ConfigurationError(
                        "\(flag) is not a flag: set \(secret.environmentName) or \(secret.name) in the config file, "
                            + "so the secrets stay out of the process list")
                }
                throw ConfigurationError("unknown flag \(flag); see jindou serve --help")
            }
            if value == nil {
                if index < arguments.count, !key.isBoolean || ServerConfiguration.boolean(arguments[index]) != nil {
                    value = arguments[index]
                    index += 1
                } else if key.isBoolean {
                    value = "true"
                } else {
                    throw ConfigurationError("\(flag) needs a value")
                }
            }
            values[key.name] = value
        }
        return values
    }

    /// One line per setting: its flag, what it does, its environment variable and file key, and its
    /// default (secrets are never shown).
    package static var help: String {
        let defaults = Dictionary(ServerConfiguration().summary, uniquingKeysWith: { first, _ in first })
        return ServerConfiguration.keys.map { key in
            if key.isSecret {
                return "(no flag) \(key.help) (\(key.environmentName), \(key.name); default none)"
            }
            let value = defaults[key.name].map { $0.isEmpty ? "empty" : $0 } ?? ""
            return "\(key.flagName) <value>\n    \(key.help) (\(key.environmentName), \(key.name); default \(value))"
        }.joined(separator: "\n")
    }
}
