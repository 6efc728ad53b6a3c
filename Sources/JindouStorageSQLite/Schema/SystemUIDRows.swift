/// The SQL of the `system_uids` table.
enum SystemUIDRows {
    static let selectAll = "SELECT uid FROM system_uids ORDER BY uid"
    static let insert = "INSERT INTO system_uids (uid, created_at) VALUES (?, ?) ON CONFLICT (uid) DO NOTHING"
    static let selectOne = "SELECT 1 FROM system_uids WHERE uid = ?"
    static let delete = "DELETE FROM system_uids WHERE uid = ?"
}
