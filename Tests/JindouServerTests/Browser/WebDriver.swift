import AsyncHTTPClient
import Foundation
import JindouTestSupport
import NIOCore

/// A real headless Chromium driven through Debian's `chromedriver` over the W3C WebDriver
/// protocol (JSON over HTTP): what the browser tests use to load the console and the chat.
final class ChromeDriver: Sendable {
    private let process: Process
    let base: URL

    /// Where Debian's `chromium` and `chromium-driver` put them (installed by `.ci/run`).
    static let chromium = "/usr/bin/chromium"
    static let driver = "/usr/bin/chromedriver"

    /// Starts `chromedriver` on a free loopback port and waits until it answers `/status`; nil
    /// (outside CI, with one loud line) when Chromium is not installed.
    static func start() async throws -> ChromeDriver? {
        for path in [chromium, driver] where !FileManager.default.isExecutableFile(atPath: path) {
            let message = "\(path) is missing (apt-get install chromium chromium-driver): skipping the browser tests"
            if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) ?? false { throw TestFailure(message) }
            FileHandle.standardError.write(Data("\n*** \(message) ***\n\n".utf8))
            return nil
        }
        let port = try FreePort.take()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let driver = ChromeDriver(process: process, base: URL(string: "http://127.0.0.1:\(port)")!)
        let deadline = ContinuousClock.now + .seconds(20)
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                let status = try await driver.call("GET", "/status")
                if truthy(status["ready"]) { return driver }
                last = "\(status)"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        driver.stop()
        throw TestFailure("chromedriver did not become ready on port \(port): \(last)")
    }

    private init(process: Process, base: URL) {
        self.process = process
        self.base = base
    }

    /// Opens a new browser (its own profile, so two sessions are two independent users).
    func newSession(windowWidth: Int = 1280, windowHeight: Int = 900) async throws -> BrowserSession {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("jindou-chrome-\(UUID())")
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Self.chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=\(windowWidth),\(windowHeight)", "--user-data-dir=\(profile.path)",
                        ],
                    ],
                    "goog:loggingPrefs": ["browser": "ALL"],
                ] as [String: Any]
            ]
        ]
        let value = try await call("POST", "/session", capabilities)
        guard let id = value["sessionId"] as? String else { throw TestFailure("no session id in \(value)") }
        return BrowserSession(driver: self, id: id, profile: profile)
    }

    /// Stops the driver (browsers are closed with their sessions first).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        var status: Int32 = 0
        waitpid(process.processIdentifier, &status, 0)
    }

    /// One WebDriver command; returns the response's `value` (an object, or `["value": x]` for
    /// anything else). A WebDriver error becomes a ``TestFailure`` naming it.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        // AsyncHTTPClient: Foundation's URLSession on Linux cannot read chromedriver's headers.
        var request = HTTPClientRequest(url: base.absoluteString + path)
        request.method = .RAW(value: method)
        if body != nil || method == "POST" {
            let data = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data("{}".utf8)
            request.body = .bytes(ByteBuffer(bytes: data))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [String: Any]
        let value = object?["value"]
        if let error = value as? [String: Any], let kind = error["error"] as? String {
            throw TestFailure("WebDriver \(method) \(path): \(kind): \(error["message"] ?? "")")
        }
        if let dictionary = value as? [String: Any] { return dictionary }
        return ["value": value ?? NSNull()]
    }
}

/// One browser window under WebDriver.
final class BrowserSession: Sendable {
    let driver: ChromeDriver
    let id: String
    private let profile: URL

    init(driver: ChromeDriver, id: String, profile: URL) {
        self.driver = driver
        self.id = id
        self.profile = profile
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await driver.call(method, "/session/\(id)\(path)", body)
    }

    /// Loads `url` and waits for the document to load.
    func open(_ url: String) async throws {
        try await call("POST", "/url", ["url": url])
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    @discardableResult
    func run(_ script: String, _ args: [Any] = []) async throws -> Any? {
        let value = try await call("POST", "/execute/sync", ["script": script, "args": args])["value"]
        return value is NSNull ? nil : value
    }

    /// Runs an async `script`: the body of an async function whose return value is the result.
    @discardableResult
    func runAsync(_ script: String, _ args: [Any] = []) async throws -> Any? {
        let wrapped = """
            const done = arguments[arguments.length - 1];
            (async (...args) => { \(script) })(...Array.from(arguments).slice(0, -1))
                .then((value) => done({ ok: value === undefined ? null : value }),
                      (error) => done({ error: String(error && error.stack || error) }));
            """
        let result = try await call("POST", "/execute/async", ["script": wrapped, "args": args])
        if let error = result["error"] as? String { throw TestFailure("script failed in the page: \(error)") }
        let value = result["ok"]
        return value is NSNull ? nil : value
    }

    /// Waits until `condition` (an expression evaluated in the page) is truthy.
    func waitUntil(
        _ condition: String, timeout: Duration = .seconds(15), _ what: @autoclosure () -> String = ""
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if truthy(try await run("return !!(\(condition));")) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        let description = what()
        throw TestFailure("timed out waiting for \(description.isEmpty ? condition : description)")
    }

    /// The id of the first element matching `selector`.
    func element(_ selector: String) async throws -> String {
        let value = try await call("POST", "/element", ["using": "css selector", "value": selector])
        guard let id = value.first(where: { $0.key.hasPrefix("element-") })?.value as? String else {
            throw TestFailure("no element \(selector)")
        }
        return id
    }

    /// Clicks the first element matching `selector`.
    func click(_ selector: String) async throws {
        try await call("POST", "/element/\(try await element(selector))/click")
    }

    /// Clears the field matching `selector` and types `text` into it, as a user would.
    func type(_ selector: String, _ text: String) async throws {
        let element = try await element(selector)
        try await call("POST", "/element/\(element)/clear")
        try await call("POST", "/element/\(element)/value", ["text": text])
    }

    /// The visible text of the first element matching `selector`.
    func text(_ selector: String) async throws -> String {
        try await call("GET", "/element/\(try await element(selector))/text")["value"] as? String ?? ""
    }

    /// Makes the page's viewport `width`×`height` CSS pixels, as on a phone (headless Chromium
    /// does not make a window narrower than about 500 pixels), through chromedriver's DevTools
    /// passthrough.
    func emulateViewport(width: Int, height: Int, mobile: Bool = true) async throws {
        try await call(
            "POST", "/goog/cdp/execute",
            [
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile] as [String: Any],
            ])
    }

    /// The page's console messages since the last call (errors show a page's faults).
    func consoleLog() async throws -> [String] {
        let value = try await call("POST", "/se/log", ["type": "browser"])["value"] as? [[String: Any]] ?? []
        return value.map { "\($0["level"] ?? ""): \($0["message"] ?? "")" }
    }

    /// Saves a PNG of the window as a test artifact (under `.build/test-artifacts/`, not committed).
    @discardableResult
    func screenshot(named name: String) async throws -> URL {
        let encoded = try await call("GET", "/screenshot")["value"] as? String ?? ""
        guard let data = Data(base64Encoded: encoded) else { throw TestFailure("the screenshot is not base64") }
        let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).png")
        try data.write(to: file)
        return file
    }

    /// Closes the browser.
    func close() async {
        _ = try? await driver.call("DELETE", "/session/\(id)")
        try? FileManager.default.removeItem(at: profile)
    }
}

/// Starts chromedriver, runs `body` and always stops the driver afterwards. Without Chromium
/// (outside CI) `body` does not run.
func withChromeDriver(_ body: (ChromeDriver) async throws -> Void) async throws {
    guard let driver = try await ChromeDriver.start() else { return }
    do {
        try await body(driver)
        driver.stop()
    } catch {
        driver.stop()
        throw error
    }
}

/// Whether a JSON value from the driver is `true` (Foundation on Linux may hand booleans over as
/// `NSNumber`).
func truthy(_ value: Any?) -> Bool {
    if let bool = value as? Bool { return bool }
    if let number = value as? NSNumber { return number.boolValue }
    return false
}
