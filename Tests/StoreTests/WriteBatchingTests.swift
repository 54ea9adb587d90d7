import ComputeModel
import Foundation
import PCI
import Store
import TestSupport
import Testing

/// PostgreSQL sends a body's writes nobody reads together, as one statement (a body of such
/// writes alone as one statement with no BEGIN), and a read-only body runs without a
/// transaction: the same bodies must still write whole or not at all, in order, on both
/// backends.
struct WriteBatchingTests {
    static func interface(_ port: String, of server: UUID, vlan: Int? = nil) -> VirtualInterface {
        VirtualInterface(portID: port, serverID: server, networkID: "net", macAddress: "fa:16:3e:00:00:01", vnicType: "direct",
                         pciSlot: PCIAddress("0000:02:00.1"), pciRequestID: nil, vlan: vlan, sourceDevice: nil, tag: nil, profileKeys: [])
    }

    /// Writes to three tables, none read: one refused (an interface of a server that does
    /// not exist) and none of the others is left.
    @Test(arguments: StoreBackend.available) func aBodyOfUnreadWritesIsWholeOrNothing(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let device = LedgerColumnsTests.device(0)
        let entry = JournalEntry(kind: .attach, serverID: UUID(), portID: "port-1", step: "binding", requestID: "req-1")
        await #expect(throws: (any Error).self) {
            try await db.write { db in
                try PCIDeviceRecords.upsert([device], host: "compute0", in: db)
                try JournalRecords.save(entry, in: db)
                try VIFRecords.insert(Self.interface("port-1", of: UUID()), in: db)
            }
        }
        #expect(try await db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [])
        #expect(try await db.read { db in try JournalRecords.fetch(entry.id, in: db) } == nil)

        try await db.write { db in
            try PCIDeviceRecords.upsert([device], host: "compute0", in: db)
            try JournalRecords.save(entry, in: db)
        }
        #expect(try await db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [device])
        #expect(try await db.read { db in try JournalRecords.fetch(entry.id, in: db) }?.step == "binding")
    }

    /// Writes that depend on each other's order: a row deleted then inserted again under its
    /// key, a row written twice, a server and the rows that reference it.
    @Test(arguments: StoreBackend.available) func unreadWritesTakeEffectInTheOrderMade(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let server = TransactionTests.server()
        let request = try PCIRequest(count: 1, spec: [["dev_type": .string("type-VF")]])
        var entry = JournalEntry(kind: .attach, serverID: server.id, portID: "port-1", step: "claiming", requestID: "req-1")
        let first = entry
        entry.step = "binding"
        let second = entry
        try await db.write { db in
            try ServerRecords.insert(server, in: db)
            try PCIRequestRecords.insert(request, serverID: server.id, in: db)
            try VIFRecords.insert(Self.interface("port-1", of: server.id, vlan: 100), in: db)
            try JournalRecords.save(first, in: db)
            try JournalRecords.save(second, in: db)
        }
        #expect(try await db.read { db in try VIFRecords.fetch(portID: "port-1", in: db) }?.vlan == 100)
        #expect(try await db.read { db in try PCIRequestRecords.fetchAll(serverID: server.id, in: db) }.map(\.requestID) == [request.requestID])
        #expect(try await db.read { db in try JournalRecords.fetch(second.id, in: db) }?.step == "binding")

        try await db.write { db in
            try VIFRecords.delete(portID: "port-1", in: db)
            try VIFRecords.insert(Self.interface("port-1", of: server.id, vlan: 200), in: db)
        }
        #expect(try await db.read { db in try VIFRecords.fetch(portID: "port-1", in: db) }?.vlan == 200)

        // The server deleted with its rows, and the interface written again after: refused,
        // and the delete with it.
        await #expect(throws: (any Error).self) {
            try await db.write { db in
                try ServerRecords.delete(server.id, in: db)
                try VIFRecords.insert(Self.interface("port-2", of: server.id), in: db)
            }
        }
        #expect(try await db.read { db in try ServerRecords.exists(server.id, in: db) })
    }

    /// A device written twice in one upsert is written as its last listing; a ledger bigger
    /// than one statement's share is written whole.
    @Test(arguments: StoreBackend.available) func anUpsertWritesEachDeviceOnceAsListedLast(backend: StoreBackend) async throws {
        let db = try await backend.open()
        var claimed = LedgerColumnsTests.device(1)
        let free = claimed
        claimed.status = .claimed
        claimed.instanceUUID = UUID()
        let devices = (2..<1_203).map(LedgerColumnsTests.device)
        try db.writeNow { db in try PCIDeviceRecords.upsert([free] + devices + [claimed], host: "compute0", in: db) }
        let stored = try db.readNow { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) }
        #expect(stored.count == 1 + devices.count)
        #expect(stored.first == claimed)
    }

    /// A read-only body that tries to write is refused, and nothing it tried is written.
    @Test(arguments: StoreBackend.available) func aReadOnlyBodyCannotWrite(backend: StoreBackend) async throws {
        let db = try await backend.open()
        await #expect(throws: (any Error).self) {
            try await db.read { db in try PCIDeviceRecords.upsert([LedgerColumnsTests.device(0)], host: "compute0", in: db) }
        }
        await #expect(throws: (any Error).self) {
            try await db.read { db in try ServerRecords.insert(TransactionTests.server(), in: db) }
        }
        #expect(try await db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [])
        #expect(try await db.read { db in try ServerRecords.fetchAll(in: db) } == [])
    }
}
