@testable import PostgresStore
import Store
import Testing

/// How held writes are grouped into statements: writes to different tables share one, a
/// table written twice, a referenced table and anything that is no plain write go alone, and
/// the order of the writes is the order of the statements.
struct PostgresWriteBatchTests {
    @Test(arguments: [
        ("INSERT INTO vifs (port_id) VALUES (?)", "vifs"),
        ("insert into journal(id) values (?)", "journal"),
        ("  UPDATE instance_actions SET record = ? WHERE id = ?", "instance_actions"),
        ("DELETE FROM pci_requests WHERE request_id = ?", "pci_requests"),
        ("INSERT INTO other.vifs (a) VALUES (?)", nil),
        ("INSERT INTO \"vifs\" (a) VALUES (?)", nil),
        ("SELECT 1", nil),
        ("WITH x AS (SELECT 1) INSERT INTO vifs SELECT * FROM x", nil),
        ("UPDATE", nil),
        ("SET search_path TO x", nil),
    ] as [(String, String?)])
    func theTableOfAPlainWriteIsRead(sql: String, table: String?) {
        #expect(PostgresWriteBatch.table(of: sql).map(String.init) == table)
    }

    @Test func writesToDifferentTablesGoAsOneStatementInOrder() {
        var batch = PostgresWriteBatch()
        batch.append("INSERT INTO pci_devices (a) VALUES (?)", [.integer(1)])
        batch.append("INSERT INTO journal (b) VALUES (?)", [.integer(2)])
        batch.append("UPDATE vifs SET c = ? WHERE d = ?", [.integer(3), .integer(4)])
        let statements = batch.take()
        #expect(statements.map(\.sql) == [
            "WITH s1 AS (INSERT INTO pci_devices (a) VALUES (?)), s2 AS (INSERT INTO journal (b) VALUES (?)) UPDATE vifs SET c = ? WHERE d = ?",
        ])
        #expect(statements.first?.arguments == [.integer(1), .integer(2), .integer(3), .integer(4)])
        #expect(batch.isEmpty)
        #expect(PostgresExecutor.numbered(statements[0].sql).contains("VALUES ($1)), s2 AS (INSERT INTO journal (b) VALUES ($2)) UPDATE vifs SET c = $3 WHERE d = $4"))
    }

    @Test func aTableWrittenAgainAReferencedTableOrAnUnknownStatementStartsAnotherStatement() {
        var batch = PostgresWriteBatch()
        batch.append("DELETE FROM vifs WHERE port_id = ?", [.text("p")])
        batch.append("INSERT INTO journal (a) VALUES (?)", [.integer(1)])
        batch.append("INSERT INTO vifs (port_id) VALUES (?)", [.text("p")])
        batch.append("DELETE FROM servers WHERE id = ?", [.text("s")])
        batch.append("INSERT INTO pci_requests (a) VALUES (?)", [.integer(2)])
        batch.append("LOCK TABLE vifs", [])
        batch.append("INSERT INTO journal (a) VALUES (?)", [.integer(3)])
        #expect(batch.take().map(\.sql) == [
            "WITH s1 AS (DELETE FROM vifs WHERE port_id = ?) INSERT INTO journal (a) VALUES (?)",
            "INSERT INTO vifs (port_id) VALUES (?)",
            "DELETE FROM servers WHERE id = ?",
            "INSERT INTO pci_requests (a) VALUES (?)",
            "LOCK TABLE vifs",
            "INSERT INTO journal (a) VALUES (?)",
        ])
    }

    /// A part of one statement sees none of the others' changes: a write whose subquery reads
    /// a table the group already writes goes in the next statement.
    @Test func aWriteThatReadsWhatTheGroupWroteStartsAnotherStatement() {
        var batch = PostgresWriteBatch()
        batch.append("INSERT INTO instance_action_events (a) VALUES (?)", [.integer(1)])
        batch.append("UPDATE instance_actions SET b = ? WHERE EXISTS (SELECT 1 FROM instance_action_events WHERE a = ?)", [.integer(2), .integer(1)])
        batch.append("INSERT INTO journal (a) VALUES (?)", [.integer(3)])
        batch.append("DELETE FROM vifs WHERE port_id IN (SELECT port_id FROM pci_requests)", [])
        let statements = batch.take()
        #expect(statements.count == 2)
        #expect(statements.map(\.sql).last?.hasPrefix("WITH s1 AS (UPDATE instance_actions") == true)
        #expect(PostgresWriteBatch.tablesNamed(in: "UPDATE a SET x = (SELECT y FROM B JOIN c ON c.k = b.k) WHERE z IN (SELECT 1 FROM d)")
                == ["a", "b", "c", "d"])
    }

    /// Placeholders numbered byte by byte: after text that is not ASCII, never inside a
    /// quoted literal, past the tenth.
    @Test func placeholdersAreNumberedInOrderOutsideQuotes() {
        #expect(PostgresExecutor.numbered("SELECT 'é?' , ? FROM t WHERE a = 'x''?' AND b = ?") == "SELECT 'é?' , $1 FROM t WHERE a = 'x''?' AND b = $2")
        #expect(PostgresExecutor.numbered(Array(repeating: "?", count: 11).joined(separator: ",")) == (1...11).map { "$\($0)" }.joined(separator: ","))
    }

    @Test func onlyOneStatementIsTakenAsSingle() {
        var batch = PostgresWriteBatch()
        #expect(batch.takeIfSingle() == nil)
        batch.append("INSERT INTO vifs (a) VALUES (?)", [.integer(1)])
        batch.append("INSERT INTO vifs (a) VALUES (?)", [.integer(2)])
        #expect(batch.takeIfSingle() == nil)
        #expect(batch.take().count == 2)
        batch.append("INSERT INTO vifs (a) VALUES (?)", [.integer(1)])
        batch.append("INSERT INTO journal (a) VALUES (?)", [.integer(2)])
        #expect(batch.takeIfSingle()?.arguments == [.integer(1), .integer(2)])
        #expect(batch.isEmpty)
    }
}
