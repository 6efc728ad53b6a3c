import JindouCore

/// The append-only audit trail. Entries that belong to a change are written by the change's own
/// transaction (the `audit:` parameters of the other stores); this protocol adds standalone
/// entries (for actions without stored state, like a kick) and reads.
package protocol AuditStore: Sendable {
    /// Appends an entry on its own.
    func appendAudit(_ entry: AuditEntry) async throws(StorageError)

    /// Entries matching `query`, newest first.
    func auditEntries(_ query: AuditQuery) async throws(StorageError) -> [AuditEntry]
}

/// A page of the audit trail.
package struct AuditQuery: Sendable, Hashable {
    /// Unix milliseconds, inclusive; nil = unbounded.
    package var since: Int64?
    package var until: Int64?
    package var action: AuditAction?
    /// Entries naming this uid.
    package var uid: String?
    package var channelID: String?
    package var limit: Int
    /// Only entries with an id below this (the last id of the previous page).
    package var cursor: Int64?

    package init(
        since: Int64? = nil, until: Int64? = nil, action: AuditAction? = nil, uid: String? = nil,
        channelID: String? = nil,
        limit: Int = 100, cursor: Int64? = nil
    ) {
        self.since = since
        self.until = until
        self.action = action
        self.uid = uid
        self.channelID = channelID
        self.limit = limit
        self.cursor = cursor
    }
}
