#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time and resident memory of a process, read from `/proc` (Linux only; nil elsewhere).
struct ProcessSample: Sendable {
    /// User plus system CPU seconds so far.
    var cpuSeconds: Double
    /// Resident set size in bytes.
    var residentBytes: Int

    /// Reads `/proc/<pid>/stat` and `/proc/<pid>/statm`.
    static func read(pid: Int32) -> ProcessSample? {
        guard let stat = readFile("/proc/\(pid)/stat"), let statm = readFile("/proc/\(pid)/statm") else { return nil }
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return ProcessSample(
            cpuSeconds: (utime + stime) / ticks, residentBytes: pages * Int(sysconf(Int32(_SC_PAGESIZE))))
    }

    /// Several processes summed (the nodes of a cluster); nil if none is given or one cannot be read.
    static func read(pids: [Int32]) -> ProcessSample? {
        guard !pids.isEmpty else { return nil }
        var total = ProcessSample(cpuSeconds: 0, residentBytes: 0)
        for pid in pids {
            guard let sample = read(pid: pid) else { return nil }
            total.cpuSeconds += sample.cpuSeconds
            total.residentBytes += sample.residentBytes
        }
        return total
    }

    /// This process.
    static func own() -> ProcessSample? { read(pid: getpid()) }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// CPU use over the measured window.
struct CPUUsage: Codable, Sendable {
    /// Average cores busy (1.0 = one full core).
    var cores: Double
    /// CPU milliseconds per 1,000 acked messages.
    var msPer1kMessages: Double
    /// CPU milliseconds per 1,000 deliveries (differs from the above for groups).
    var msPer1kDeliveries: Double
    /// Resident memory at the end of the window, MiB.
    var residentMiB: Double

    init(before: ProcessSample, after: ProcessSample, seconds: Double, messages: Int, deliveries: Int) {
        let cpu = after.cpuSeconds - before.cpuSeconds
        self.cores = cpu / seconds
        self.msPer1kMessages = messages > 0 ? cpu * 1000 / (Double(messages) / 1000) : 0
        self.msPer1kDeliveries = deliveries > 0 ? cpu * 1000 / (Double(deliveries) / 1000) : 0
        self.residentMiB = Double(after.residentBytes) / 1_048_576
    }

    var text: String {
        func round(_ value: Double) -> String { String((value * 100).rounded() / 100) }
        return "\(round(cores)) cores, \(round(msPer1kMessages)) ms CPU per 1k sends, "
            + "\(round(msPer1kDeliveries)) ms per 1k deliveries, RSS \(round(residentMiB)) MiB"
    }
}
