import ArgumentParser
import Foundation

/// Load generator for a running Jindou (or WuKongIM-compatible) server.
@main
struct JindouBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jindou-bench",
        abstract: "Open-loop load generator for a running Jindou / WuKongIM server.",
        discussion: """
            Sets up users (and groups) over the HTTP API, opens WKProto connections, sends at a fixed \
            rate with latencies measured from each message's scheduled send time, then checks every \
            delivery for loss, duplicates and reordering. Exits with status 1 if any acked message was \
            lost, reordered or never acked.
            """,
        subcommands: [
            PairsCommand.self, GroupCommand.self, ConnectionsCommand.self, StorageCommand.self, MicroCommand.self,
        ]
    )
}

/// `pairs`: N one-way 1:1 conversations.
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "N 1:1 pairs; each sender sends to its peer (channel type 1)."
    )

    @Option(help: "Number of sender/receiver pairs.")
    var pairs: Int = 100

    @OptionGroup var options: BenchOptions

    func validate() throws {
        guard self.pairs > 0 else { throw ValidationError("--pairs must be positive") }
    }

    func run() async throws {
        let plan = BenchPlan.pairs(count: self.pairs, prefix: self.options.runPrefix, rate: self.options.rate ?? 1000)
        try await BenchMain.execute(plan: plan, options: self.options)
    }
}

/// `group`: one sender to a group of online members.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "One sender to a group (channel type 2) of online members."
    )

    @Option(help: "Number of online group members (receivers).")
    var members: Int = 500

    @OptionGroup var options: BenchOptions

    func validate() throws {
        guard self.members > 0 else { throw ValidationError("--members must be positive") }
        guard !self.options.noHTTP else { throw ValidationError("group needs the HTTP setup (--no-http given)") }
    }

    func run() async throws {
        let plan = BenchPlan.group(members: self.members, prefix: self.options.runPrefix, rate: self.options.rate ?? 50)
        try await BenchMain.execute(plan: plan, options: self.options)
    }
}

/// Runs a plan, prints the report and sets the exit status.
enum BenchMain {
    static func execute(plan: BenchPlan, options: BenchOptions) async throws {
        let report = try await BenchRunner(plan: plan, options: options).run()
        print(report.text)
        if let path = options.json {
            try report.writeJSON(to: path)
        }
        if !report.passed {
            throw ExitCode(1)
        }
    }
}

extension BenchOptions {
    /// `--uid-prefix`, or a fresh random one so runs never share users or channels.
    var runPrefix: String {
        if let prefix = self.uidPrefix { return prefix }
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return "bench\(suffix)"
    }
}
