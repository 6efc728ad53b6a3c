import Foundation
import Synchronization

/// Shows ``MigrationProgress``: on a terminal, one line redrawn in place (a bar, percent, rows/s
/// and the time left); otherwise a plain line every few seconds and at each new table, for logs.
package final class ProgressDisplay: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var lastPhase: MigrationProgress.Phase?
        var drawn = false
    }

    private let interactive: Bool
    private let interval: Duration
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// - Parameters:
    ///   - interactive: redraw one line in place (for a terminal) rather than print lines.
    ///   - interval: the least time between two lines when not interactive.
    ///   - write: receives the text to print.
    package init(
        interactive: Bool, interval: Duration = .seconds(5), write: @escaping @Sendable (String) -> Void
    ) {
        self.interactive = interactive
        self.interval = interactive ? .milliseconds(100) : interval
        self.write = write
    }

    /// A display on standard error, interactive when standard error is a terminal.
    package static func standardError() -> ProgressDisplay {
        ProgressDisplay(interactive: isatty(STDERR_FILENO) != 0) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Shows `progress` if it is time to (always at a new phase).
    package func update(_ progress: MigrationProgress) {
        let now = ContinuousClock.now
        let due = state.withLock { state -> Bool in
            let newPhase = state.lastPhase != progress.phase
            guard newPhase || state.lastDraw.map({ now - $0 >= interval }) ?? true else { return false }
            state.lastDraw = now
            state.lastPhase = progress.phase
            state.drawn = true
            return true
        }
        guard due else { return }
        let line = Self.line(progress, bar: interactive)
        write(interactive ? "\r\u{1B}[2K" + line : line + "\n")
    }

    /// Ends the redrawn line, so that what follows starts on a line of its own.
    package func finish() {
        let drawn = state.withLock { state in
            defer { state.drawn = false }
            return state.drawn
        }
        if interactive && drawn { write("\n") }
    }

    /// `[#####-----]  50.0%  messages  50,000/100,000 rows  24,000 rows/s  ETA 0:02`.
    static func line(_ progress: MigrationProgress, bar: Bool) -> String {
        let percent = String(format: "%5.1f%%", progress.fraction * 100)
        var parts: [String] = []
        if bar {
            let width = 24
            let filled = Int((progress.fraction * Double(width)).rounded(.down))
            parts.append(
                "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]")
        }
        parts.append(percent)
        switch progress.phase {
        case .copying(let table):
            parts.append(table)
            parts.append("\(grouped(progress.rowsDone))/\(grouped(progress.rowsTotal)) rows")
            parts.append("\(grouped(Int(progress.rowsPerSecond))) rows/s")
            if let remaining = progress.remaining { parts.append("ETA \(clock(remaining))") }
        case .verifying:
            parts.append("copied \(grouped(progress.rowsDone)) rows in \(clock(progress.elapsed))")
            parts.append("verifying (row counts; per channel: count, last seq, checksum)")
        }
        return parts.joined(separator: "  ")
    }
}

/// `1234567` as `1,234,567`.
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return value < 0 ? "-" + result : result
}

/// `0:07`, `12:34` or `1:02:03`.
func clock(_ duration: Duration) -> String {
    let total = Int(duration.seconds.rounded(.up))
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60)
    return hours > 0
        ? String(format: "%d:%02d:%02d", hours, minutes, seconds) : String(format: "%d:%02d", minutes, seconds)
}
