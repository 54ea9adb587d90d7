import Store
import Synchronization

/// The writes a transaction holds until it next waits (`PostgresExecutor`), grouped so that
/// each group goes as ONE statement: `WITH s1 AS (write 1), s2 AS (write 2) write 3`.
///
/// PostgreSQL runs the parts of such a statement on one snapshot, in no set order, and none
/// sees another's changes. So a write joins a group only if it names (writes, or reads in a
/// subquery) no table the group writes already — never two writes to one table (a
/// `DELETE` then an `INSERT` of the same key, two upserts of one row), never a read of
/// what an earlier part wrote; a write to a table other rows reference
/// (`PostgresSchema.referencedTables`: a cascade must see the rows it cascades to) shares a
/// statement with nothing; a statement that is not a plain `INSERT INTO`, `UPDATE` or
/// `DELETE FROM` goes alone. Groups keep the order the writes were made in.
struct PostgresWriteBatch {
    struct Statement {
        var sql: String
        var arguments: [StoreValue]
    }

    private struct Group {
        var statements: [(sql: String, arguments: [StoreValue])] = []
        /// The tables its parts write.
        var written: Set<String> = []
        /// Nothing may join it (an unknown statement, or one on a referenced table).
        var closed = false
    }

    private var groups: [Group] = []

    var isEmpty: Bool { groups.isEmpty }

    mutating func append(_ sql: String, _ arguments: [StoreValue]) {
        let (table, named) = Self.reading(of: sql)
        let alone = table.map { PostgresSchema.referencedTables.contains($0) } ?? true
        if let table, !alone, let last = groups.indices.last, !groups[last].closed,
           named.isDisjoint(with: groups[last].written) {
            groups[last].statements.append((sql, arguments))
            groups[last].written.insert(table)
            return
        }
        groups.append(Group(statements: [(sql, arguments)], written: table.map { [$0] } ?? [], closed: alone))
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

    /// What the grouping reads of a statement: the table it writes (lower case; nil when it
    /// is not a plain write) and every table it names. Kept by text: the repositories' SQL
    /// is a fixed set of texts, and reading a kilobytes-long upsert word by word at each of
    /// its runs cost more than the rest of its batching (cleared when `readingsKept` are kept).
    static func reading(of sql: String) -> (table: String?, named: Set<String>) {
        if let known = readings.withLock({ $0[sql] }) { return known }
        let reading = (table: table(of: sql).map { $0.lowercased() }, named: tablesNamed(in: sql))
        readings.withLock { readings in
            if readings.count >= readingsKept { readings.removeAll(keepingCapacity: true) }
            readings[sql] = reading
        }
        return reading
    }

    static let readingsKept = 1024
    private static let readings = Mutex<[String: (table: String?, named: Set<String>)]>([:])

    /// Every table a statement names after `FROM`, `JOIN`, `INTO` or `UPDATE` (lower case):
    /// what it writes and what its subqueries read. Byte by byte: an upsert of many devices
    /// is kilobytes long.
    static func tablesNamed(in sql: String) -> Set<String> {
        var names: Set<String> = []
        var word: [UInt8] = []
        var previous = ""
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
        func endWord() {
            guard !word.isEmpty else { return }
            let text = String(decoding: word, as: UTF8.self).lowercased()
            if ["from", "join", "into", "update"].contains(previous) { names.insert(text) }
            previous = text
            word.removeAll(keepingCapacity: true)
        }
        for byte in sql.utf8 {
            if isWordByte(byte) { word.append(byte) } else { endWord() }
        }
        endWord()
        return names
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
