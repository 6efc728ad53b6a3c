import Foundation
import Testing

/// The console and the chat are served by `jindou serve` itself, as files of the HTTP API's
/// resource bundle, with headers that keep other origins' code out.
@Suite("Web pages", .serialized)
struct WebPagesTests {
    @Test("the pages and their files are served with a content type, an ETag and a strict CSP")
    func pagesAreServed() async throws {
        try await withTestRouter { router in
            for path in ["/console", "/chat"] {
                let response = try await router.http.get(path)
                #expect(response.status == 200, "\(path)")
                #expect(response.headers["content-type"]?.hasPrefix("text/html") == true, "\(path)")
                #expect(response.headers["content-security-policy"]?.contains("script-src 'self'") == true)
                #expect(response.headers["x-content-type-options"] == "nosniff")
                let etag = try #require(response.headers["etag"])
                let again = try await router.http.with(header: "If-None-Match", etag).get(path)
                #expect(again.status == 304, "a cached page is not sent again")
            }
            #expect(try await router.http.get("/console/no-such-file.js").status == 404)
            #expect(try await router.http.get("/chat/..%2F..%2Fopenapi.json").status == 404)
        }
    }

    @Test("both pages load in a real headless Chromium without script errors")
    func pagesLoadInChromium() async throws {
        try await withBrowserAndServer { server, driver in
            try await withBrowser(driver) { browser in
                for page in ["console", "chat"] {
                    try await browser.open("http://127.0.0.1:\(server.addresses.http)/\(page)")
                    try await browser.waitUntil("document.readyState === 'complete'")
                    let title = try await browser.run("return document.title;") as? String ?? ""
                    #expect(title.lowercased().contains(page), "title of /\(page): \(title)")
                    let errors = try await browser.consoleLog().filter { $0.hasPrefix("SEVERE") }
                    #expect(errors.isEmpty, "console errors on /\(page): \(errors)")
                    try await browser.screenshot(named: page)
                }
            }
        }
    }
}
