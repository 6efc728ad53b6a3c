import Foundation

/// Starts the real `jindou` binary on loopback ports with a fresh data folder and chromedriver,
/// runs `body` and always stops both afterwards (also when `body` throws). Without Chromium
/// (outside CI) `body` does not run.
/// - Parameter arguments: extra `jindou serve` flags (e.g. API tokens).
func withBrowserAndServer(
    arguments: [String] = [], environment: [String: String] = [:],
    _ body: (ServerProcess, ChromeDriver) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-browser-\(UUID())").path
    let server = try ServerProcess.start(
        dataDirectory: directory, extraArguments: arguments, environment: environment)
    defer {
        _ = server.terminate()
        try? FileManager.default.removeItem(atPath: directory)
    }
    try await withChromeDriver { driver in try await body(server, driver) }
}

/// Opens a browser window, runs `body` and always closes it.
func withBrowser<T>(
    _ driver: ChromeDriver, width: Int = 1280, height: Int = 900, _ body: (BrowserSession) async throws -> T
) async throws -> T {
    let session = try await driver.newSession(windowWidth: width, windowHeight: height)
    do {
        let result = try await body(session)
        await session.close()
        return result
    } catch {
        // The page's own console often says why.
        if let log = try? await session.consoleLog(), !log.isEmpty {
            print("browser console:\n" + log.joined(separator: "\n"))
        }
        _ = try? await session.screenshot(named: "failure-\(session.id.prefix(8))")
        await session.close()
        throw error
    }
}
