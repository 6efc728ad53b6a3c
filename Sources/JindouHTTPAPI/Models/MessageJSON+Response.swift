import Hummingbird
import JindouCore

/// Message JSON is a route's whole response body in `/message` and its variants.
extension MessageJSON: ResponseEncodable {}
