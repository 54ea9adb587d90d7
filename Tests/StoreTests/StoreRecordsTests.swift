import ComputeModel
import Foundation
import PCI
import Store
import TestSupport
import Testing

/// The records round-trip through each backend and keep their constraints.
struct StoreRecordsTests {

    func server(project: String = "p1", name: String = "vm") -> Server {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Server(id: UUID(), name: name, projectID: project, userID: "u", flavorID: "1", imageID: nil, vmState: .active,
                      hostName: "compute0", numaCells: [1], metadata: ["k": "v"], createdAt: now, updatedAt: now)
    }

    @Test(arguments: StoreBackend.available) func serversRoundTripAndFilterByProject(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let a = server(project: "p1", name: "a"), b = server(project: "p2", name: "b")
        try db.writeNow { db in
            try ServerRecords.insert(a, in: db)
            try ServerRecords.insert(b, in: db)
        }
        let (fetched, second, all) = try db.readNow { db in
            (try ServerRecords.fetch(a.id, in: db), try ServerRecords.fetchAll(projectID: "p2", in: db), try ServerRecords.fetchAll(in: db))
        }
        #expect(fetched == a)
        #expect(second == [b])
        #expect(all.count == 2)
        var changed = a
        changed.vmState = .stopped
        try db.writeNow { db in try ServerRecords.update(changed, in: db) }
        #expect(try db.readNow { db in try ServerRecords.fetch(a.id, in: db)?.vmState } == .stopped)
        #expect(throws: StoreError.missing("server \(UUID(uuidString: "00000000-0000-0000-0000-000000000000")!)")) {
            var ghost = a
            ghost.id = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
            try db.writeNow { db in try ServerRecords.update(ghost, in: db) }
        }
    }

    @Test(arguments: StoreBackend.available) func statesReadOneHostsServersFromTheirColumnsAndRefuseARowThatDoesNotRead(backend: StoreBackend) async throws {
        let db = try await backend.open()
        var a = server(name: "a"), b = server(project: "p2", name: "b"), elsewhere = server(name: "elsewhere")
        b.vmState = .error
        elsewhere.hostName = "compute1"
        try db.writeNow { db in
            try ServerRecords.insert(b, in: db)
            try ServerRecords.insert(a, in: db)
            try ServerRecords.insert(elsewhere, in: db)
        }
        #expect(try db.readNow { db in try ServerRecords.states(host: "compute0", in: db) } == [a.id: .active, b.id: .error])
        #expect(try db.readNow { db in try ServerRecords.states(host: "compute1", in: db) } == [elsewhere.id: .active])
        a.id = UUID()
        try db.writeNow { db in
            try ServerRecords.insert(a, in: db)
            try db.executor.execute("UPDATE servers SET vm_state = 'melted' WHERE id = ?", [.text(a.id.uuidString)])
        }
        #expect(throws: StoreError.unreadable("server row \(a.id.uuidString) (vm_state 'melted')")) {
            try db.readNow { db in try ServerRecords.states(host: "compute0", in: db) }
        }
    }

    @Test(arguments: StoreBackend.available) func deletingAServerDropsItsRequestsAndVIFs(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let owner = server()
        let request = try PCIRequest(spec: [["physical_network": .string("physnet1")]], requesterID: "port-1")
        let vif = VirtualInterface(portID: "port-1", serverID: owner.id, networkID: "net", macAddress: "fa:16:3e:00:00:01",
                                   vnicType: "direct", pciSlot: PCIAddress("0000:02:00.1"), pciRequestID: request.requestID, vlan: 24,
                                   sourceDevice: nil, tag: "nic1", profileKeys: ["pci_slot"])
        try db.writeNow { db in
            try ServerRecords.insert(owner, in: db)
            try PCIRequestRecords.insert(request, serverID: owner.id, in: db)
            try VIFRecords.insert(vif, in: db)
        }
        let (requests, storedVIF) = try db.readNow { db in
            (try PCIRequestRecords.fetchAll(serverID: owner.id, in: db), try VIFRecords.fetch(portID: "port-1", in: db))
        }
        #expect(requests == [request])
        #expect(storedVIF == vif)
        try db.writeNow { db in try ServerRecords.delete(owner.id, in: db) }
        let (leftRequests, leftVIFs) = try db.readNow { db in (try PCIRequestRecords.fetchAll(in: db), try VIFRecords.fetchAll(in: db)) }
        #expect(leftRequests.isEmpty)
        #expect(leftVIFs.isEmpty)
    }

    @Test(arguments: StoreBackend.available) func flavorsRefuseDuplicateIDsAndNames(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let tiny = Flavor(id: "1", name: "m1.tiny", vcpus: 1, ramMB: 512, diskGB: 1, extraSpecs: ["hw:numa_nodes": "1"])
        try db.writeNow { db in try FlavorRecords.insert(tiny, in: db) }
        #expect(throws: StoreError.duplicate("flavor 1")) { try db.writeNow { db in try FlavorRecords.insert(tiny, in: db) } }
        var sameName = tiny
        sameName.id = "2"
        #expect(throws: StoreError.duplicate("flavor name m1.tiny")) { try db.writeNow { db in try FlavorRecords.insert(sameName, in: db) } }
        #expect(try db.readNow { db in try FlavorRecords.fetch("1", in: db) } == tiny)
        try db.writeNow { db in try FlavorRecords.delete("1", in: db) }
        #expect(throws: StoreError.missing("flavor 1")) { try db.writeNow { db in try FlavorRecords.delete("1", in: db) } }
    }

    @Test(arguments: StoreBackend.available) func ledgerRowsUpsertByHostAndAddress(backend: StoreBackend) async throws {
        let db = try await backend.open()
        var device = PCIDevice(address: PCIAddress("0000:02:00.1")!, vendorID: "15b3", productID: "101e", type: .virtualFunction,
                               numaNode: 0, parentAddress: PCIAddress("0000:01:00.0"), tags: ["physical_network": .string("physnet1")],
                               pfMACAddress: "b8:ce:f6:00:01:00", vfNumber: 1)
        try db.writeNow { db in try PCIDeviceRecords.upsert([device], host: "compute0", in: db) }
        device.status = .allocated
        device.instanceUUID = UUID()
        try db.writeNow { db in try PCIDeviceRecords.upsert([device], host: "compute0", in: db) }
        let (here, elsewhere) = try db.readNow { db in
            (try PCIDeviceRecords.fetchAll(host: "compute0", in: db), try PCIDeviceRecords.fetchAll(host: "compute1", in: db))
        }
        #expect(here == [device])
        #expect(elsewhere.isEmpty)
    }

    @Test(arguments: StoreBackend.available) func journalListsOnlyOpenEntries(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let server = UUID()
        var attach = JournalEntry(kind: .attach, serverID: server, portID: "p1", step: "claiming", requestID: "req-1")
        let detach = JournalEntry(kind: .detach, serverID: server, portID: "p2", step: "releasing", requestID: "req-2")
        try db.writeNow { db in
            try JournalRecords.save(attach, in: db)
            try JournalRecords.save(detach, in: db)
        }
        #expect(try db.readNow { db in try JournalRecords.open(in: db).map(\.portID) } == ["p1", "p2"])
        attach.state = .done
        try db.writeNow { db in try JournalRecords.save(attach, in: db) }
        #expect(try db.readNow { db in try JournalRecords.open(in: db).map(\.portID) } == ["p2"])
        #expect(try db.readNow { db in try JournalRecords.fetch(attach.id, in: db)?.state } == .done)
    }
}
