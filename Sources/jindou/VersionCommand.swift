import ArgumentParser
import JindouServer

/// `jindou version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print("jindou \(JindouVersion.current) (\(JindouVersion.compatibility))")
    }
}
