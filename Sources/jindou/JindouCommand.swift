import ArgumentParser
import JindouServer

/// `jindou`: the Jindou instant-messaging server.
@main
struct JindouCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jindou",
        abstract: "Jindou: a WuKongIM-compatible instant-messaging server.",
        subcommands: [ServeCommand.self, MigrateCommand.self, VersionCommand.self],
        defaultSubcommand: nil)
}
