import Foundation
import GRDB
import NIOCore

/// Rows read from one source table, held column by column as the arrays that the target's
/// `UNNEST` insert binds.
struct RowBatch: Sendable {
    /// One column's values; only the arrays of its kind are used.
    struct Values: Sendable {
        var int64s: [Int64] = []
        var int32s: [Int32] = []
        var int16s: [Int16] = []
        /// Booleans, or the NULL flags of a nullable column.
        var bools: [Bool] = []
        /// Texts, or PostgreSQL array literals.
        var texts: [String] = []
        var bytes: [ByteBuffer] = []
    }

    let table: CopiedTable
    private(set) var columns: [Values]
    private(set) var count = 0
    /// The key of the last row appended: the next batch starts after it.
    private(set) var lastKey: [DatabaseValue] = []

    init(table: CopiedTable) {
        self.table = table
        self.columns = Array(repeating: Values(), count: table.columns.count)
    }

    var isEmpty: Bool { count == 0 }

    /// Appends a row selected with the table's columns, in their order.
    mutating func append(_ row: Row) throws(MigrationError) {
        for (index, column) in table.columns.enumerated() {
            do {
                try append(row, at: index, kind: column.kind)
            } catch let error as MigrationError {
                throw error
            } catch {
                throw MigrationError.malformedValue(
                    table: table.name, column: column.name, key: Self.describeKey(row, table: table))
            }
        }
        lastKey = table.keyIndexes.map { row[$0] as DatabaseValue }
        count += 1
    }

    private mutating func append(_ row: Row, at index: Int, kind: CopiedTable.Kind) throws {
        switch kind {
        case .bigint:
            columns[index].int64s.append(try row.decode(Int64.self, atIndex: index))
        case .integer:
            let value = try row.decode(Int64.self, atIndex: index)
            guard let narrow = Int32(exactly: value) else { throw outOfRange(index, value) }
            columns[index].int32s.append(narrow)
        case .smallint:
            let value = try row.decode(Int64.self, atIndex: index)
            guard let narrow = Int16(exactly: value) else { throw outOfRange(index, value) }
            columns[index].int16s.append(narrow)
        case .boolean:
            columns[index].bools.append(try row.decode(Int64.self, atIndex: index) != 0)
        case .text:
            columns[index].texts.append(try row.decode(String.self, atIndex: index))
        case .bytea:
            let buffer = try row.withUnsafeData(atIndex: index) { data in
                data.map { ByteBuffer(bytes: $0) } ?? ByteBuffer()
            }
            columns[index].bytes.append(buffer)
        case .nullableBigint:
            let isNull = row.hasNull(atIndex: index)
            columns[index].int64s.append(isNull ? 0 : try row.decode(Int64.self, atIndex: index))
            columns[index].bools.append(isNull)
        case .textArrayFromJSON:
            let json = try row.decode(String.self, atIndex: index)
            let elements = try JSONDecoder().decode([String].self, from: Data(json.utf8))
            columns[index].texts.append(Self.arrayLiteral(elements))
        }
    }

    private func outOfRange(_ index: Int, _ value: Int64) -> MigrationError {
        .valueOutOfRange(table: table.name, column: table.columns[index].name, value: value)
    }

    /// A PostgreSQL array literal of texts (`{"a","b\"c"}`), cast to `text[]` by the insert.
    static func arrayLiteral(_ elements: [String]) -> String {
        let quoted = elements.map { element in
            "\"" + element.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }

    /// The row's key, for error messages (`id=12`).
    static func describeKey(_ row: Row, table: CopiedTable) -> String {
        zip(table.key, table.keyIndexes).map { name, index in "\(name)=\(row[index] as DatabaseValue)" }
            .joined(separator: ", ")
    }
}
