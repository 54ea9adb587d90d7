import ComputeModel
import Foundation
import GRDB
import PCI
import SQLiteStore
import Store
import TestSupport
import Testing

/// A database the first schema's binary wrote (main before the store split, by `bench
/// recovery --vfs 8 --servers 3`: three servers each holding a VF, their attach rows done)
/// opens, its JSON rows become columns, and nothing is lost.
struct SQLiteMigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/main-v1.sqlite").path

    @Test func aFirstSchemaDatabaseMigratesToColumnsWithEveryRow() throws {
        let folder = try TemporaryDirectory(prefix: "sriov-storetest")
        defer { folder.remove() }
        let directory = folder.path
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: directory + "/sriov.sqlite")
        // What the first schema held, read from its documents before the migration.
        let before = try DatabaseQueue(path: directory + "/sriov.sqlite")
        let (devicesBefore, vifsBefore, journalBefore, actionsBefore) = try before.read { db in
            (try String.fetchAll(db, sql: "SELECT device FROM pci_devices ORDER BY address").map { try JSONColumn.decode(PCIDevice.self, from: $0) },
             try String.fetchAll(db, sql: "SELECT vif FROM vifs ORDER BY created_at, rowid").map { try JSONColumn.decode(VirtualInterface.self, from: $0) },
             try String.fetchAll(db, sql: "SELECT entry FROM journal ORDER BY created_at, rowid").map { try JSONColumn.decode(JournalEntry.self, from: $0) },
             try String.fetchAll(db, sql: "SELECT record FROM instance_actions ORDER BY id").map { try JSONColumn.decode(InstanceAction.self, from: $0) })
        }
        try before.close()
        #expect(devicesBefore.count == 9 && devicesBefore.filter { $0.status == .allocated }.count == 3)
        #expect(vifsBefore.count == 3 && journalBefore.count == 3)
        #expect(actionsBefore.count == 3 && actionsBefore.allSatisfy { $0.events.count == 1 })

        let store = try SQLiteStore.open(path: directory + "/sriov.sqlite")
        let (devices, vifs, journal, servers) = try store.readNow { db in
            (try PCIDeviceRecords.fetchAll(host: "compute0", in: db), try VIFRecords.fetchAll(in: db),
             try JournalRecords.unfinished(in: db) + journalBefore.compactMap { try JournalRecords.fetch($0.id, in: db) },
             try ServerRecords.fetchAll(in: db))
        }
        #expect(devices == devicesBefore)
        #expect(vifs == vifsBefore)
        // Times are kept to the millisecond, as both the documents and the columns hold them.
        #expect(journal.map(Self.toMilliseconds) == journalBefore.map(Self.toMilliseconds))
        #expect(Set(servers.map(\.id)) == Set(vifs.map(\.serverID)))
        // store-v3 filled each server's host column from its document.
        #expect(try store.readNow { db in try servers.map { try ServerRecords.host(of: $0.id, in: db) } } == servers.map { $0.hostName })
        // store-v5 made each create action's document columns and an event row.
        let actions = try store.readNow { db in try actionsBefore.flatMap { try InstanceActionRecords.fetchAll(serverID: $0.instanceUUID, in: db) } }
        #expect(actions.count == actionsBefore.count)
        for (migrated, document) in zip(actions, actionsBefore) { InstanceActionMigrationTests.expectSameToTheMillisecond(migrated, document) }
        // The documents are gone: the ledger's rows are columns now.
        let columns = try store.writer.read { db in try db.columns(in: "pci_devices").map(\.name) }
        #expect(!columns.contains("device") && columns.contains("instance_uuid") && columns.contains("quarantined_at"))
        #expect(try store.writer.read { db in try db.columns(in: "instance_actions").map(\.name) }.contains("record") == false)
        // Opening again migrates nothing more and reads the same.
        let again = try SQLiteStore.open(path: directory + "/sriov.sqlite")
        #expect(try again.readNow { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == devicesBefore)
    }

    static func toMilliseconds(_ entry: JournalEntry) -> JournalEntry {
        func rounded(_ date: Date) -> Date { Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000) }
        var entry = entry
        entry.createdAt = rounded(entry.createdAt)
        entry.updatedAt = rounded(entry.updatedAt)
        if let retry = entry.retry { entry.retry?.nextAttemptAt = rounded(retry.nextAttemptAt) }
        return entry
    }
}
