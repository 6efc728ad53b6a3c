import Foundation

/// A throwaway PostgreSQL server for tests: `initdb` into a temporary directory and `pg_ctl start`
/// on a free loopback port, as an unprivileged user (PostgreSQL refuses to run as root: when the
/// tests run as root, the server runs as Debian's `postgres` user through `runuser`). Stopped and
/// deleted by ``stop()``.
///
/// Outside CI, a machine without PostgreSQL makes ``start()`` return nil after printing one loud
/// line, so the tests that need it skip; under `CI=true` it throws.
package final class PostgresTestCluster: Sendable {
    /// The superuser the cluster is initialized with (trust authentication on loopback).
    package static let user = "jindou"

    package let port: Int
    package let directory: String
    private let binaries: String
    private let runAs: String?

    private init(port: Int, directory: String, binaries: String, runAs: String?) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.runAs = runAs
    }

    /// A `postgres://` URL of a database of this cluster.
    package func url(database: String = "postgres") -> String {
        "postgres://\(Self.user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// The server's settings: loopback only, room for many test servers' pools, and no fsync. A
    /// throwaway server never outlives the machine, so it gives up only what an operating-system
    /// crash would need; commits still reach the kernel before they return (`synchronous_commit`
    /// stays on), so an immediate stop (``pause()``) loses nothing. Under the parallel suite on a
    /// two-core CI machine, every database's fsyncs through one disk stalled tests for tens of
    /// seconds.
    static let serverOptions =
        "-c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c full_page_writes=off"

    /// Why the cluster cannot start.
    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
    }

    /// Starts a new cluster, or returns nil (outside CI) when PostgreSQL is not installed. The
    /// programs run on a thread of their own: waiting for a process must not hold one of the
    /// few threads Swift concurrency runs on.
    package static func start() async throws -> PostgresTestCluster? {
        try await onOwnThread { try startBlocking() }
    }

    private static func startBlocking() throws -> PostgresTestCluster? {
        guard let binaries = installedBinaries() else {
            let message = "PostgreSQL is not installed (apt-get install postgresql): skipping the PostgreSQL tests"
            if ProcessInfo.processInfo.environment["CI"] != nil { throw Unavailable(description: message) }
            FileHandle.standardError.write(Data("\n*** \(message) ***\n\n".utf8))
            return nil
        }
        let runAs = getuid() == 0 ? "postgres" : nil
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("jindou-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let runAs {
            try FileManager.default.setAttributes([.ownerAccountName: runAs], ofItemAtPath: directory)
        }
        let data = directory + "/data"
        let cluster = PostgresTestCluster(port: 0, directory: directory, binaries: binaries, runAs: runAs)
        try cluster.run(
            "initdb", ["-D", data, "-U", user, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"])
        // A free port is picked by binding port 0 and closing it; another process could take it
        // in between, so a failed start retries with a new one.
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try FreePort.take()
            do {
                try cluster.run(
                    "pg_ctl",
                    [
                        "-D", data, "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                        "-p \(port) -k \(directory) \(serverOptions)",
                        "start",
                    ])
                return PostgresTestCluster(port: port, directory: directory, binaries: binaries, runAs: runAs)
            } catch {
                lastError = error
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
        throw lastError ?? Unavailable(description: "pg_ctl start failed")
    }

    /// Creates a database (a fresh one per test keeps tests independent).
    package func createDatabase(_ name: String) async throws {
        try await Self.onOwnThread {
            try self.run("createdb", ["-h", "127.0.0.1", "-p", String(self.port), "-U", Self.user, name])
        }
    }

    /// Runs blocking work on a new thread and waits for it without blocking.
    private static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Stops the server (as an outage would: connections are cut), keeping its data.
    package func pause() async throws {
        try await Self.onOwnThread {
            try self.run("pg_ctl", ["-D", self.directory + "/data", "-m", "immediate", "-w", "stop"])
        }
    }

    /// Starts the server again after ``pause()``, on the same port.
    package func resume() async throws {
        try await Self.onOwnThread {
            try self.run(
                "pg_ctl",
                [
                    "-D", self.directory + "/data", "-l", self.directory + "/server.log", "-w", "-t", "60", "-o",
                    "-p \(self.port) -k \(self.directory) \(Self.serverOptions)",
                    "start",
                ])
        }
    }

    /// Stops the server at once and deletes its directory.
    package func stop() {
        try? run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs one of PostgreSQL's programs (as the unprivileged user if needed), throwing with its
    /// output if it fails. Spawned and waited for directly (posix_spawn, waitpid): Foundation's
    /// `Process` was seen to never notice the exit of `runuser … pg_ctl start`, whose server
    /// lives on.
    private func run(_ program: String, _ arguments: [String]) throws {
        let path = binaries + "/" + program
        let argv = runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", path] } ?? [path]
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("jindou-pg-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status = try Self.spawnAndWait(argv + arguments, outputPath: outputPath)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw Unavailable(description: "\(program) failed (\(status)): \(text)")
        }
    }

    /// Runs `arguments[0]` with stdin from /dev/null and stdout and stderr into `outputPath`;
    /// returns its exit status.
    private static func spawnAndWait(_ arguments: [String], outputPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server that `pg_ctl start` leaves running must not inherit this process's sockets:
        // a test server's connection it held open would never close for its client.
        closeInheritedDescriptors(&actions)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw Unavailable(description: "cannot start \(arguments[0]): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Unavailable(description: "waitpid failed: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Makes the spawned process close every descriptor above 2: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34 and later, looked up at run time because
    /// Swift's Glibc module does not declare it), else each descriptor open now.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// Debian installs the server's programs under /usr/lib/postgresql/<version>/bin.
    private static func installedBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb")
                && FileManager.default.isExecutableFile(atPath: bin + "/pg_ctl")
            {
                return bin
            }
        }
        return nil
    }

}
