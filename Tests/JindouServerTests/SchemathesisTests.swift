import Foundation
import Testing

/// Fuzzes the running server with schemathesis against its own OpenAPI document, with every check:
/// no 5xx; every status, content type, header and body as documented; every request the document
/// allows accepted and every one it forbids refused; 405 with `Allow` for undeclared methods; and,
/// in the stateful phase, resources available after they are created and gone after deletion.
///
/// Needs the schemathesis CLI: `python3 -m pip install --user 'schemathesis==4.32.5'` (it lands in
/// `~/.local/bin`), or point `JINDOU_TEST_SCHEMATHESIS` at the executable. Without it the test is skipped,
/// except in CI (env `CI` set), where it fails. `JINDOU_TEST_SCHEMATHESIS_ARGS` appends arguments, e.g.
/// `--include-path-regex ^/message` to fuzz a few routes while working on them.
@Suite("Schemathesis")
struct SchemathesisTests {
    @Test(
        "the server conforms to its OpenAPI document under schemathesis",
        .enabled(
            if: Schemathesis.executable != nil || Schemathesis.isCI,
            "schemathesis is not installed: python3 -m pip install --user 'schemathesis==4.32.5'"),
        .timeLimit(.minutes(10)))
    func conformance() async throws {
        guard let executable = Schemathesis.executable else {
            Issue.record("schemathesis is required in CI: python3 -m pip install --user 'schemathesis==4.32.5'")
            return
        }
        let server = try await TestServer.start()
        // The state the document's examples name, so that they reach the routes' happy paths:
        // users with tokens, group1 with a message, the system uid robot1 (best effort).
        for uid in ["user1", "user2", "user3"] { try await server.registerToken(uid) }
        try await server.createGroup("group1", subscribers: ["user1", "user2"])
        let message =
            #"{"from_uid":"user1","channel_id":"group1","channel_type":2,"client_msg_no":"msg-0001","#
            + #""header":{"no_persist":0,"red_dot":1,"sync_once":0},"payload":"eyJ0eXBlIjoxLCJjb250ZW50IjoiaGVsbG8ifQ=="}"#
        _ = try await server.http.post("/message/send", raw: Data(message.utf8))
        _ = try await server.http.post("/user/systemuids_add", ["uids": ["robot1"]])

        let port = server.addresses.http.port
        let arguments = Schemathesis.arguments(
            schema: "http://127.0.0.1:\(port)/docs/openapi.json", url: "http://127.0.0.1:\(port)",
            configFile: Schemathesis.configFileName)
        print("running \(executable) \(arguments.joined(separator: " "))")
        let (status, output) = try await Schemathesis.run(executable, arguments)
        try await server.stopAndRemoveData()
        #expect(status == 0, "schemathesis exited with \(status):\n\(output)")
    }
}

enum Schemathesis {
    /// Seed of the data generation, so a failure reproduces.
    static let seed = 20260101
    /// Test cases per operation and phase.
    static let maxExamples = 25

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    /// The configuration file's name in the run's working directory.
    static let configFileName = "schemathesis.toml"

    /// What the document cannot say, told to the checks (written to ``configFileName``). Each
    /// setting is as narrow as the fact it states:
    /// - A list over its documented `maxItems` is refused with 413 naming the field (documented on
    ///   every body-bearing operation), not 400: 413 is a rejection too.
    /// - Registering an existing username is Easemob's 400 `duplicate_unique_property_exists`
    ///   (compatibility), so a schema-valid registration may be refused with 400 once its name exists.
    /// - A person channel is named by the peer's uid and needs the reader (`login_uid`): whether
    ///   `login_uid` is required, and whether `channel_id` is limited to a uid's 255 bytes, depends
    ///   on `channel_type`, which OpenAPI 3.0 cannot state between query parameters; the read routes
    ///   that resolve person channels so may answer a schema-valid request with 400.
    /// - `POST /messages` takes at most 1000 `message_seqs`, `message_ids` and `client_msg_nos`
    ///   together (413 beyond); JSON Schema can bound each list, not their sum.
    /// - A `/users` page `cursor` is an opaque token the server hands out: no generated string is
    ///   one, so the run asks for the first page (an empty cursor).
    ///
    /// Excluded checks (``excludedChecks``) are listed there with their reasons.
    static let configuration = """
        [checks.negative_data_rejection]
        expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5XX"]

        [[operations]]
        include-operation-id = ["registerUsers", "registerUsersInApp"]
        checks.positive_data_acceptance.expected-statuses = ["2XX", "3XX", "400", "401", "403", "404", "409", "429", "5XX"]

        [[operations]]
        include-operation-id = [
            "getChannelLastMessage", "getChannelMaxMessageSeq", "getMessage", "getMessageByClientMsgNo",
            "syncChannelMessages",
        ]
        checks.positive_data_acceptance.expected-statuses = ["2XX", "3XX", "400", "401", "403", "404", "409", "429", "5XX"]

        [[operations]]
        include-operation-id = ["searchMessages"]
        checks.positive_data_acceptance.expected-statuses = [
            "2XX", "3XX", "400", "401", "403", "404", "409", "413", "429", "5XX",
        ]

        [[operations]]
        include-operation-id = ["listUsers", "listUsersInApp"]
        parameters = { "cursor" = "" }

        """

    /// Checks that do not apply, excluded by name:
    /// - `ensure_resource_availability` (ST302) and `use_after_free` (ST301) judge the stateful
    ///   phase by the links schemathesis infers from field names, and this API's resources do not
    ///   fit them: a channel is keyed by `channel_id` and `channel_type` together (an inferred link
    ///   carries the id alone and reads the 404 of another type as a vanished channel), and
    ///   `DELETE /users?limit=N` deletes the oldest N users, not the collection (a later `GET /users`
    ///   listing the rest is correct, not a deleted resource still served). Turning the inference
    ///   off in the configuration did not stop it in 4.32.5. The stateful phase still runs every
    ///   other check on chained requests, following the document's own links from `POST /channel`.
    static let excludedChecks = ["ensure_resource_availability", "use_after_free"]

    /// The CLI's command line after the executable; `configFile` is written by ``run(_:_:)``.
    static func arguments(schema: String, url: String, configFile: String) -> [String] {
        [
            "--config-file", configFile,
            "run", schema,
            "--url", url,
            "--checks", "all",
            "--exclude-checks", excludedChecks.joined(separator: ","),
            "--phases", "examples,coverage,fuzzing,stateful",
            "--max-examples", String(maxExamples),
            "--seed", String(seed),
            "--generation-database", "none",
            "--workers", "1",
            "--request-timeout", "10",
            "--no-color",
        ]
            + (ProcessInfo.processInfo.environment["JINDOU_TEST_SCHEMATHESIS_ARGS"] ?? "").split(separator: " ").map(
                String.init)
    }

    /// The schemathesis CLI: `JINDOU_TEST_SCHEMATHESIS`, then `schemathesis` or `st` on PATH, in
    /// `~/.local/bin` (pip's user site) or among the pyenv shims.
    static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        let fileManager = FileManager.default
        if let path = environment["JINDOU_TEST_SCHEMATHESIS"], !path.isEmpty {
            return fileManager.isExecutableFile(atPath: path) ? path : nil
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        var directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        directories.append("\(home)/.local/bin")
        directories.append("\(environment["PYENV_ROOT"] ?? "\(home)/.pyenv")/shims")
        for directory in directories where !directory.isEmpty {
            // `schemathesis` first: a bare `st` might be another program (the suckless terminal).
            for name in ["schemathesis", "st"] {
                let path = "\(directory)/\(name)"
                if fileManager.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    /// Runs the CLI and returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        let workDirectory = TestServer.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        try Data(configuration.utf8).write(to: URL(fileURLWithPath: "\(workDirectory)/\(configFileName)"))
        let outputPath = "\(workDirectory)/schemathesis.log"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
            throw TestFailure("cannot create \(outputPath)")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Reports or caches it might write stay out of the repository.
        process.currentDirectoryURL = URL(fileURLWithPath: workDirectory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = "120"
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            // The time limit ran out: do not leave the fuzzer running.
            if process.isRunning { process.terminate() }
        }
        try output.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (status, text)
    }
}
