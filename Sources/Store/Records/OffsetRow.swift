import Foundation

/// A row read from column `offset` on, as if that column were the first: a query that
/// joins two tables reads each table's columns with that table's own reader
/// (`VIFRecords.interface`, `JournalRecords.entry`), which reads from column 0.
struct OffsetRow: StoreRow {
    let base: any StoreRow
    let offset: Int

    func string(_ column: Int) throws -> String? { try base.string(offset + column) }
    func int(_ column: Int) throws -> Int? { try base.int(offset + column) }
    func date(_ column: Int) throws -> Date? { try base.date(offset + column) }
}

extension VIFRecords {
    /// `columns`, each named by the table's alias in a join.
    static func columns(as alias: String) -> String {
        qualified(columns, alias)
    }
}

extension JournalRecords {
    /// `columns`, each named by the table's alias in a join.
    static func columns(as alias: String) -> String {
        qualified(columns, alias)
    }
}

/// A column list with each column prefixed by `alias.`.
private func qualified(_ columns: String, _ alias: String) -> String {
    columns.split(separator: ",").map { alias + "." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")
}
