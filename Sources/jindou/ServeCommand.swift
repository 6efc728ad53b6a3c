import ArgumentParser
import Foundation
import JindouServer
import Logging

/// `jindou serve`: runs the server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the server.",
        discussion: """
            Every setting is a flag, an environment variable and a key in a JSON config file (--config). \
            Flags override the environment, which overrides the file. Unknown names and bad values are errors.

            SETTINGS:
            """ + "\n" + CommandLineSettings.help)

    @Option(help: "A JSON config file of settings.")
    var config: String?

    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("Settings, as --name value (listed below).", valueName: "settings"))
    var settings: [String] = []

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            configuration = try ConfigurationLoader.load(
                file: config, environment: ProcessInfo.processInfo.environment,
                flags: CommandLineSettings.parse(settings))
            try configuration.validate()
        } catch {
            FileHandle.standardError.write(Data("jindou: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "jindou")
        let server = JindouServer(configuration: configuration, logger: logger)
        do {
            try await server.run { addresses in
                // Written unbuffered, so a script reading the pipe sees it at once.
                FileHandle.standardOutput.write(Data((addresses.readyLine + "\n").utf8))
            }
        } catch {
            logger.critical("jindou failed: \(error)")
            throw ExitCode(1)
        }
    }
}
