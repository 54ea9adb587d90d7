import ComputeModel
import Foundation
import PCI
import Store
import TestSupport
import Testing

/// The reads an attach and a detach make in one statement (each statement is a round trip
/// on PostgreSQL) answer what the separate reads answered, and the conditional writes touch
/// only the rows they name.
struct JoinedReadsTests {
    func server(name: String = "vm") -> Server {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Server(id: UUID(), name: name, projectID: "p1", userID: "u", flavorID: "1", imageID: nil, vmState: .active,
                      hostName: "compute0", numaCells: [1], metadata: ["k": "v"], createdAt: now, updatedAt: now)
    }

    func interface(_ port: String, of server: UUID, slot: String? = "0000:02:00.1") -> VirtualInterface {
        VirtualInterface(portID: port, serverID: server, networkID: "net", macAddress: "fa:16:3e:00:00:01", vnicType: "direct",
                         pciSlot: slot.flatMap(PCIAddress.init), pciRequestID: UUID(), vlan: 24, sourceDevice: "eth3", tag: "nic1",
                         profileKeys: ["pci_slot", "physical_network"], portCreatedByCompute: true)
    }

    @Test(arguments: StoreBackend.available) func aServerIsReadWithThePortsInterfaceWhicheverServerItNames(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let owner = server(name: "owner"), other = server(name: "other")
        let mine = interface("port-1", of: owner.id), theirs = interface("port-2", of: other.id, slot: nil)
        try db.writeNow { db in
            try ServerRecords.insert(owner, in: db)
            try ServerRecords.insert(other, in: db)
            try VIFRecords.insert(mine, in: db)
            try VIFRecords.insert(theirs, in: db)
        }
        let (withOwn, withOthers, withoutRow, withoutPort, missing) = try db.readNow { db in
            (try ServerRecords.fetch(owner.id, interfaceOf: "port-1", in: db), try ServerRecords.fetch(owner.id, interfaceOf: "port-2", in: db),
             try ServerRecords.fetch(owner.id, interfaceOf: "port-3", in: db), try ServerRecords.fetch(owner.id, interfaceOf: nil, in: db),
             try ServerRecords.fetch(UUID(), interfaceOf: "port-1", in: db))
        }
        #expect(withOwn?.server == owner)
        #expect(withOwn?.interface == mine)
        #expect(withOthers?.server == owner)
        #expect(withOthers?.interface == theirs)
        #expect(withoutRow?.server == owner)
        #expect(withoutRow?.interface == nil)
        #expect(withoutPort?.server == owner)
        #expect(withoutPort?.interface == nil)
        #expect(missing == nil)
    }

    /// The attach's first read: the server, its own flavor (not another's, and nil once the
    /// flavor is deleted) and the port's interface row.
    @Test(arguments: StoreBackend.available) func aServerIsReadWithItsFlavorAndThePortsInterface(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let small = Flavor(id: "1", name: "small", vcpus: 1, ramMB: 512, diskGB: 1, extraSpecs: ["hw:pci_numa_affinity_policy": "preferred"])
        let large = Flavor(id: "2", name: "large", vcpus: 8, ramMB: 8192, diskGB: 80)
        let owner = server()
        var other = server(name: "other")
        other.flavorID = "2"
        let mine = interface("port-1", of: owner.id)
        try db.writeNow { db in
            try FlavorRecords.insert(small, in: db)
            try FlavorRecords.insert(large, in: db)
            try ServerRecords.insert(owner, in: db)
            try ServerRecords.insert(other, in: db)
            try VIFRecords.insert(mine, in: db)
        }
        let (withPort, otherServer, withoutPort, missing) = try db.readNow { db in
            (try ServerRecords.fetch(owner.id, flavorAndInterfaceOf: "port-1", in: db),
             try ServerRecords.fetch(other.id, flavorAndInterfaceOf: "port-1", in: db),
             try ServerRecords.fetch(owner.id, flavorAndInterfaceOf: nil, in: db),
             try ServerRecords.fetch(UUID(), flavorAndInterfaceOf: "port-1", in: db))
        }
        #expect(withPort?.server == owner && withPort?.flavor == small && withPort?.interface == mine)
        #expect(otherServer?.server == other && otherServer?.flavor == large && otherServer?.interface == mine)
        #expect(withoutPort?.flavor == small && withoutPort?.interface == nil)
        #expect(missing == nil)

        try db.writeNow { db in try FlavorRecords.delete("1", in: db) }
        let flavorGone = try db.readNow { db in try ServerRecords.fetch(owner.id, flavorAndInterfaceOf: "port-1", in: db) }
        #expect(flavorGone?.server == owner && flavorGone?.flavor == nil && flavorGone?.interface == mine)
    }

    @Test(arguments: StoreBackend.available) func aPortsInterfaceIsReadWithItsQuarantinedRowsOnThatServerOnly(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let owner = server()
        let vif = interface("port-1", of: owner.id)
        func quarantined(_ kind: JournalEntry.Kind, server: UUID, port: String, request: String) -> JournalEntry {
            var row = JournalEntry(kind: kind, serverID: server, portID: port, step: "releasing", requestID: request)
            row.state = .quarantined
            row.retry = RetrySchedule(attempts: 1, nextAttemptAt: Date(), lastReason: "timed out")
            return row
        }
        let first = quarantined(.detach, server: owner.id, port: "port-1", request: "req-1")
        let second = quarantined(.attach, server: owner.id, port: "port-1", request: "req-2")
        let otherServer = quarantined(.detach, server: UUID(), port: "port-1", request: "req-3")
        let otherPort = quarantined(.detach, server: owner.id, port: "port-2", request: "req-4")
        let open = JournalEntry(kind: .detach, serverID: owner.id, portID: "port-1", step: "releasing", requestID: "req-5")
        try db.writeNow { db in
            try ServerRecords.insert(owner, in: db)
            for row in [first, second, otherServer, otherPort, open] { try JournalRecords.save(row, in: db) }
        }
        // No interface row yet: the quarantined rows alone.
        let before = try db.readNow { db in try JournalRecords.interfaceAndQuarantined(portID: "port-1", serverID: owner.id, in: db) }
        #expect(before.interface == nil)
        #expect(Set(before.quarantined.map(\.id)) == [first.id, second.id])
        #expect(before.quarantined.first { $0.id == first.id }?.retry?.lastReason == "timed out")

        try db.writeNow { db in try VIFRecords.insert(vif, in: db) }
        let found = try db.readNow { db in try JournalRecords.interfaceAndQuarantined(portID: "port-1", serverID: owner.id, in: db) }
        #expect(found.interface == vif)
        #expect(Set(found.quarantined.map(\.id)) == [first.id, second.id])
        let alone = try db.readNow { db in try JournalRecords.interfaceAndQuarantined(portID: "port-2", serverID: UUID(), in: db) }
        #expect(alone.interface == nil)
        #expect(alone.quarantined.isEmpty)

        // Superseding what was read ends exactly those rows, saying by whom.
        try db.writeNow { db in try JournalRecords.supersede(found.quarantined, by: "req-9", in: db) }
        let (ended, stillQuarantined) = try db.readNow { db in
            (try [first.id, second.id].compactMap { try JournalRecords.fetch($0, in: db) }, try JournalRecords.quarantined(in: db).map(\.id))
        }
        #expect(ended.map(\.state) == [.failed, .failed])
        #expect(ended.allSatisfy { $0.retry == nil && $0.details["superseded_by"] == "req-9" })
        #expect(Set(stillQuarantined) == [otherServer.id, otherPort.id])
    }

    @Test(arguments: StoreBackend.available) func anInterfaceIsDeletedOnlyWhileItNamesTheServer(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let owner = server(name: "owner"), other = server(name: "other")
        try db.writeNow { db in
            try ServerRecords.insert(owner, in: db)
            try ServerRecords.insert(other, in: db)
            try VIFRecords.insert(interface("port-1", of: owner.id), in: db)
        }
        try db.writeNow { db in try VIFRecords.delete(portID: "port-1", serverID: other.id, in: db) }
        #expect(try db.readNow { db in try VIFRecords.fetch(portID: "port-1", in: db)?.serverID } == owner.id)
        try db.writeNow { db in try VIFRecords.delete(portID: "port-1", serverID: owner.id, in: db) }
        #expect(try db.readNow { db in try VIFRecords.fetch(portID: "port-1", in: db) } == nil)
    }
}
