/// A complete storage backend.
package protocol Storage: MessageStore, ChannelStore, UserStore, SystemUserStore, ConversationStore,
    AuditStore, ActivityStore, WebhookStore, StoreHealthReporting
{
    /// A short description for the startup log, e.g. the database path.
    var location: String { get }
    /// The schema version the database is at after migration.
    var schemaVersion: String { get }
    /// What the group-commit writer has done since the store was opened.
    var statistics: GroupCommitStatistics { get }
    /// Flushes pending appends and closes the database. Appends after this fail with `.closed`.
    func close() async
}
