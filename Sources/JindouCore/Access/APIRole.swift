/// What an API token may do.
package enum APIRole: String, Sendable, Hashable, CaseIterable {
    /// Everything, including privilege changes (system uids, allow and deny lists, kicks, audit).
    case admin
    /// What a business backend needs day to day: tokens, channels, subscribers, messages,
    /// conversations, routes, and every read.
    case service
    /// GET routes and the query POSTs.
    case readonly

    /// Whether this role may use a route that needs `access`.
    package func permits(_ access: RouteAccess) -> Bool {
        switch (self, access) {
        case (_, .open), (.admin, _): true
        case (.service, .read), (.service, .service): true
        case (.readonly, .read): true
        default: false
        }
    }
}

/// The least a caller needs to use a route.
package enum RouteAccess: Sendable, Hashable {
    /// No credentials (health, the API document).
    case open
    /// Reads.
    case read
    /// Day-to-day backend changes.
    case service
    /// Privilege changes.
    case admin
}
