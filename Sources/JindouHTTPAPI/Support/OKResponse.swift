import Hummingbird

/// The body of a successful mutation: `{"status":"ok"}`.
struct OKResponse: ResponseEncodable {
    var status = "ok"
}
