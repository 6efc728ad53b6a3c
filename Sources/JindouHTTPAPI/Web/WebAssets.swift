import Foundation
import Hummingbird

/// The web pages' files (`Resources/web`: the console and the chat), read once from the module's
/// resource bundle and served from memory with a content type and an ETag.
package struct WebAssets: Sendable {
    /// One file, ready to serve.
    package struct File: Sendable {
        package let body: ByteBuffer
        package let contentType: String
        /// A strong validator: a hash of the bytes, quoted.
        package let etag: String
    }

    /// Files by path below `web/`, e.g. `console/index.html`.
    package let files: [String: File]

    /// The bundled files, read on first use.
    package static let bundled: Result<WebAssets, WebAssetsError> = {
        do throws(WebAssetsError) {
            return .success(try load(from: .module))
        } catch {
            return .failure(error)
        }
    }()

    /// Reads every file under the bundle's `web` folder.
    package static func load(from bundle: Bundle) throws(WebAssetsError) -> WebAssets {
        guard let root = bundle.url(forResource: "web", withExtension: nil) else {
            throw .missing(bundle: bundle.bundlePath)
        }
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw .unreadable(path: root.path, reason: "not a folder")
        }
        var files: [String: File] = [:]
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw .unreadable(path: url.path, reason: "\(error)")
            }
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            files[path] = File(
                body: ByteBuffer(bytes: data), contentType: contentType(ofExtension: url.pathExtension),
                etag: "\"\(fnv1a(data))\"")
        }
        return WebAssets(files: files)
    }

    /// The media type served for a file name extension.
    static func contentType(ofExtension pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }

    /// 64-bit FNV-1a of the bytes, in hex: enough to tell two versions of a file apart.
    private static func fnv1a(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// Why the bundled web files could not be loaded: a build or packaging fault.
package enum WebAssetsError: Error, CustomStringConvertible, Sendable {
    /// The resource bundle has no `web` folder.
    case missing(bundle: String)
    /// A file or the folder cannot be read.
    case unreadable(path: String, reason: String)

    package var description: String {
        switch self {
        case .missing(let bundle): "the web pages' folder web/ is missing from the resource bundle \(bundle)"
        case .unreadable(let path, let reason): "the web file \(path) cannot be read: \(reason)"
        }
    }
}
