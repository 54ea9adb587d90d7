import ComputeModel
import Foundation
import PCI
import Store
import TestSupport
import Testing

/// A transaction commits whole or not at all, on both backends; the journal and the
/// interfaces keep every field in their columns.
struct TransactionTests {
    static func server() -> Server {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Server(id: UUID(), name: "vm", projectID: "p1", userID: "u", flavorID: "1", imageID: nil, vmState: .active,
                      hostName: "compute0", numaCells: nil, metadata: [:], createdAt: now, updatedAt: now)
    }

    struct Refused: Error {}

    @Test(arguments: StoreBackend.available) func aBodyThatThrowsWritesNothing(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let server = Self.server()
        let device = LedgerColumnsTests.device(0)
        await #expect(throws: Refused.self) {
            try await db.write { db in
                try ServerRecords.insert(server, in: db)
                try PCIDeviceRecords.upsert([device], host: "compute0", in: db)
                throw Refused()
            }
        }
        #expect(try await db.read { db in try ServerRecords.fetchAll(in: db) } == [])
        #expect(try await db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [])
        // A statement the database refuses (a duplicate key) undoes the ones before it too.
        try await db.write { db in try ServerRecords.insert(server, in: db) }
        let other = LedgerColumnsTests.device(1)
        await #expect(throws: (any Error).self) {
            try await db.write { db in
                try PCIDeviceRecords.upsert([other], host: "compute0", in: db)
                try ServerRecords.insert(server, in: db)
            }
        }
        #expect(try await db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [])
    }

    /// A write nobody waits for (PostgreSQL sends it with the next statement) that the
    /// database refuses fails the transaction all the same, even as the body's last statement,
    /// and a read behind it in the body sees the writes before it.
    @Test(arguments: StoreBackend.available) func aRefusedWriteAtTheEndOfABodyFailsItAndWritesNothing(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let server = Self.server()
        try await db.write { db in try ServerRecords.insert(server, in: db) }
        let device = LedgerColumnsTests.device(0)
        let seen = try await db.write { db in
            try PCIDeviceRecords.upsert([device], host: "compute1", in: db)
            return try PCIDeviceRecords.fetchAll(host: "compute1", in: db).map(\.address)
        }
        #expect(seen == [device.address])
        await #expect(throws: (any Error).self) {
            try await db.write { db in
                try PCIDeviceRecords.upsert([LedgerColumnsTests.device(1)], host: "compute0", in: db)
                try ServerRecords.insert(server, in: db)
                return 1
            }
        }
        #expect(try await db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == [])
        #expect(try await db.read { db in try ServerRecords.fetchAll(in: db) }.map(\.id) == [server.id])
    }

    @Test(arguments: StoreBackend.available) func journalRowsKeepTheirPlanRetryAndDetails(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let server = UUID()
        let request = try PCIRequest(spec: [["physical_network": .string("physnet1")]], requesterID: "port-1")
        let interface = VirtualInterface(portID: "port-1", serverID: server, networkID: "net", macAddress: "fa:16:3e:00:00:01",
                                         vnicType: "direct", pciSlot: PCIAddress("0000:02:00.1"), pciRequestID: request.requestID, vlan: 24,
                                         sourceDevice: "enp2s0v1", tag: "nic1", profileKeys: ["pci_slot", "physical_network"])
        var row = JournalEntry(kind: .detach, serverID: server, portID: "port-1", step: "unplugging", details: ["reason": "timeout"],
                               requestID: "req-1", plan: ReleasePlan(interface: interface, request: request, guestMayHoldDevice: true, portMayBeBound: false),
                               createdAt: Date(timeIntervalSince1970: 1_800_000_000), updatedAt: Date(timeIntervalSince1970: 1_800_000_000))
        row.state = .quarantined
        row.retry = RetrySchedule(attempts: 2, nextAttemptAt: Date(timeIntervalSince1970: 1_800_000_004), lastReason: "still there")
        let saved = row
        try await db.write { db in try JournalRecords.save(saved, in: db) }
        let read = try #require(try await db.read { db in try JournalRecords.fetch(saved.id, in: db) })
        var expected = saved
        expected.updatedAt = read.updatedAt
        #expect(read == expected)
        #expect(try await db.read { db in try JournalRecords.quarantined(in: db).map(\.id) } == [saved.id])
        try await db.write { db in try JournalRecords.supersede(portID: "port-1", serverID: server, by: "req-2", in: db) }
        let superseded = try #require(try await db.read { db in try JournalRecords.fetch(saved.id, in: db) })
        #expect(superseded.state == .failed && superseded.retry == nil && superseded.details["superseded_by"] == "req-2")
    }

    @Test(arguments: StoreBackend.available) func interfacesKeepEveryFieldAndReplaceByPort(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let owner = Self.server(), other = Self.server()
        let full = VirtualInterface(portID: "port-1", serverID: owner.id, networkID: "net", macAddress: "fa:16:3e:00:00:01",
                                    vnicType: "macvtap", pciSlot: PCIAddress("0000:02:00.1"), pciRequestID: UUID(), vlan: 4094,
                                    sourceDevice: "enp2s0v1", tag: "nic1", profileKeys: ["pci_slot", "physical_network", "pci_vendor_info"],
                                    portCreatedByCompute: true)
        let bare = VirtualInterface(portID: "port-2", serverID: owner.id, networkID: "net", macAddress: "fa:16:3e:00:00:02",
                                    vnicType: "normal", pciSlot: nil, pciRequestID: nil, vlan: nil, sourceDevice: nil, tag: nil, profileKeys: [])
        try await db.write { db in
            try ServerRecords.insert(owner, in: db)
            try ServerRecords.insert(other, in: db)
            try VIFRecords.insert(full, in: db)
            try VIFRecords.insert(bare, in: db)
        }
        #expect(try await db.read { db in try VIFRecords.fetchAll(serverID: owner.id, in: db) } == [full, bare])
        var moving = full
        moving.serverID = other.id
        moving.portCreatedByCompute = false
        let moved = moving
        try await db.write { db in try VIFRecords.save(moved, in: db) }
        #expect(try await db.read { db in try VIFRecords.fetch(portID: "port-1", in: db) } == moved)
        #expect(try await db.read { db in try VIFRecords.fetchAll(serverID: owner.id, in: db) } == [bare])
    }
}
