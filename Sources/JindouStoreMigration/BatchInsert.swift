import PostgresNIO

/// The statement that inserts a ``RowBatch``: one multi-row `INSERT … SELECT FROM UNNEST(…)`
/// with one array parameter per column, so a batch is one round trip and one transaction.
enum BatchInsert {
    /// The insert with the batch's arrays bound.
    static func query(for batch: RowBatch) -> PostgresQuery {
        var bindings = PostgresBindings()
        for (column, values) in zip(batch.table.columns, batch.columns) {
            switch column.kind {
            case .bigint: bindings.append(values.int64s)
            case .integer: bindings.append(values.int32s)
            case .smallint: bindings.append(values.int16s)
            case .boolean: bindings.append(values.bools)
            case .text, .textArrayFromJSON: bindings.append(values.texts)
            case .bytea: bindings.append(values.bytes)
            case .nullableBigint:
                bindings.append(values.int64s)
                bindings.append(values.bools)
            }
        }
        return PostgresQuery(unsafeSQL: sql(for: batch.table), binds: bindings)
    }

    /// The SQL, parameters in the order ``query(for:)`` binds them.
    ///
    /// Tables other than the message log skip rows the target already has (a resumed copy
    /// re-reads them whole). A batch of messages also raises the `last_seq` of its channels in
    /// the same statement, so the counters never fall below the copied messages (nor below the
    /// seq floor the channel row brought).
    static func sql(for table: CopiedTable) -> String {
        var arrays: [String] = []
        var aliases: [String] = []
        var values: [String] = []
        func parameter(_ type: String, alias: String) {
            arrays.append("$\(arrays.count + 1)::\(type)[]")
            aliases.append(alias)
        }
        for (index, column) in table.columns.enumerated() {
            let alias = "c\(index)"
            switch column.kind {
            case .bigint: parameter("bigint", alias: alias)
            case .integer: parameter("integer", alias: alias)
            case .smallint: parameter("smallint", alias: alias)
            case .boolean: parameter("boolean", alias: alias)
            case .text, .textArrayFromJSON: parameter("text", alias: alias)
            case .bytea: parameter("bytea", alias: alias)
            case .nullableBigint:
                parameter("bigint", alias: alias)
                parameter("boolean", alias: alias + "_null")
            }
            switch column.kind {
            case .nullableBigint: values.append("CASE WHEN r.\(alias)_null THEN NULL ELSE r.\(alias) END")
            case .textArrayFromJSON: values.append("r.\(alias)::text[]")
            default: values.append("r.\(alias)")
            }
        }
        let columns = table.columns.map { "\"\($0.target)\"" }.joined(separator: ", ")
        let overriding = table.keptIdentity == nil ? "" : " OVERRIDING SYSTEM VALUE"
        let insert = """
            INSERT INTO "\(table.name)" (\(columns))\(overriding)
            SELECT \(values.joined(separator: ", "))
            FROM UNNEST(\(arrays.joined(separator: ", "))) AS r(\(aliases.joined(separator: ", ")))
            """
        guard table.isMessageLog else { return insert + "\nON CONFLICT DO NOTHING" }
        return """
            WITH inserted AS (
            \(insert)
            RETURNING channel_ref, seq
            )
            UPDATE channels SET last_seq = GREATEST(channels.last_seq, m.last_seq)
            FROM (SELECT channel_ref, max(seq) AS last_seq FROM inserted GROUP BY channel_ref) AS m
            WHERE channels.id = m.channel_ref
            """
    }
}
