import Store

/// The writes a transaction holds until it next waits (`PostgresExecutor`), grouped so that
/// each group goes as ONE statement: `WITH s1 AS (write 1), s2 AS (write 2) write 3`.
///
/// PostgreSQL runs the parts of such a statement on one snapshot, in no set order, and none
/// sees another's changes. So a group never holds two writes to one table (a `DELETE` then
/// an `INSERT` of the same key, two upserts of one row), nor a write to a table other rows
/// reference (`PostgresSchema.referencedTables`: a cascade must see the rows it cascades
/// to) together with anything else; a statement that is not a plain `INSERT INTO`,
/// `UPDATE` or `DELETE FROM` goes alone. Groups keep the order the writes were made in.
struct PostgresWriteBatch {
    struct Statement {
        var sql: String
        var arguments: [StoreValue]
    }

    private struct Group {
        var statements: [(sql: String, arguments: [StoreValue])] = []
        var tables: Set<Substring> = []
        /// Nothing may join it (an unknown statement, or one on a referenced table).
        var closed = false
    }

    private var groups: [Group] = []

    var isEmpty: Bool { groups.isEmpty }

    mutating func append(_ sql: String, _ arguments: [StoreValue]) {
        let table = Self.table(of: sql)
        let alone = table.map { PostgresSchema.referencedTables.contains(String($0)) } ?? true
        if let table, !alone, let last = groups.indices.last, !groups[last].closed, !groups[last].tables.contains(table) {
            groups[last].statements.append((sql, arguments))
            groups[last].tables.insert(table)
            return
        }
        groups.append(Group(statements: [(sql, arguments)], tables: table.map { [$0] } ?? [], closed: alone))
    }

    /// The held writes as statements to send, in order; nothing is held after.
    mutating func take() -> [Statement] {
        defer { groups = [] }
        return groups.map(Self.statement(of:))
    }

    /// The one statement all held writes make, if they make one; nothing is held after it.
    mutating func takeIfSingle() -> Statement? {
        guard groups.count == 1 else { return nil }
        return take().first
    }

    private static func statement(of group: Group) -> Statement {
        guard group.statements.count > 1 else { return Statement(sql: group.statements[0].sql, arguments: group.statements[0].arguments) }
        var sql = "WITH "
        var arguments: [StoreValue] = []
        for (index, part) in group.statements.enumerated() {
            arguments += part.arguments
            if index == group.statements.count - 1 {
                sql += " " + part.sql
            } else {
                sql += (index == 0 ? "" : ", ") + "s\(index + 1) AS (" + part.sql + ")"
            }
        }
        return Statement(sql: sql, arguments: arguments)
    }

    /// The table a plain `INSERT INTO t`, `UPDATE t` or `DELETE FROM t` writes; nil for
    /// anything else.
    static func table(of sql: String) -> Substring? {
        // The first three words only: the statement may be kilobytes long.
        let words = sql.split(maxSplits: 3, whereSeparator: \.isWhitespace).prefix(3)
        guard let first = words.first?.uppercased() else { return nil }
        let name: Substring? = switch first {
        case "INSERT" where words.count == 3 && words[words.startIndex + 1].uppercased() == "INTO": words[words.startIndex + 2]
        case "DELETE" where words.count == 3 && words[words.startIndex + 1].uppercased() == "FROM": words[words.startIndex + 2]
        case "UPDATE" where words.count >= 2: words[words.startIndex + 1]
        default: nil
        }
        // `INSERT INTO t (a, b)` may be written `t(a, b)`; a qualified or quoted name is
        // no plain table name.
        guard let name else { return nil }
        let end = name.firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) ?? name.endIndex
        guard end > name.startIndex, end == name.endIndex || name[end] == "(" else { return nil }
        return name[..<end]
    }
}
