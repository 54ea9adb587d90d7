import Foundation
import PCI
import Store
import TestSupport
import Testing

/// The ledger's rows are columns: every field of a device comes back as written, a big
/// ledger in address order, and a row no device can hold is an error naming it.
struct LedgerColumnsTests {
    static func device(_ index: Int) -> PCIDevice {
        var device = PCIDevice(
            address: PCIAddress(domain: 0, bus: UInt8(index / 256), slot: UInt8(index / 8 % 32), function: UInt8(index % 8)),
            vendorID: "15b3", productID: "101e", type: .virtualFunction, numaNode: index % 2,
            tags: ["physical_network": .string("physnet\(index % 3)")], macAddress: "fa:16:3e:00:00:\(index % 100)")
        if index % 5 == 0 {
            device.status = .allocated
            device.instanceUUID = UUID()
            device.requestID = UUID()
        }
        return device
    }

    @Test(arguments: StoreBackend.available) func aBigLedgerReadsBackInAddressOrder(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let devices = (0..<1_000).map(Self.device)
        try db.writeNow { db in try PCIDeviceRecords.upsert(devices.reversed(), host: "compute0", in: db) }
        #expect(try db.readNow { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == devices)
    }

    @Test(arguments: StoreBackend.available) func everyFieldOfADeviceRoundTrips(backend: StoreBackend) async throws {
        let db = try await backend.open()
        var device = PCIDevice(
            address: PCIAddress("0000:3b:02.7")!, vendorID: "8086", productID: "154c", type: .virtualFunction, status: .quarantined,
            numaNode: 1, parentAddress: PCIAddress("0000:3b:00.0"),
            tags: ["physical_network": .string("physnet2"), "trusted": .bool(true), "numa": .int(3), "none": .null, "list": .list(["a", "b"])],
            netdevName: "enp59s0f0v7", macAddress: "fa:16:3e:aa:bb:cc", parentIfname: "enp59s0f0", pfMACAddress: "b8:ce:f6:00:01:00",
            vfNumber: 7, cardSerialNumber: "MT2116X09299", vdpaName: "vdpa7")
        device.instanceUUID = UUID()
        device.requestID = UUID()
        device.quarantineReason = "the guest did not let go"
        device.quarantinedAt = Date(timeIntervalSince1970: 1_800_000_000.25)
        device.removeWhenFreed = true
        try db.writeNow { db in try PCIDeviceRecords.upsert([device], host: "compute1", in: db) }
        #expect(try db.readNow { db in try PCIDeviceRecords.fetchAll(host: "compute1", in: db) } == [device])
        // A device without any of the optional fields: nulls read as nil, not as empty values.
        let bare = PCIDevice(address: PCIAddress("0000:3b:00.0")!, vendorID: "8086", productID: "1572", type: .physicalFunction)
        try db.writeNow { db in try PCIDeviceRecords.upsert([bare], host: "compute1", in: db) }
        #expect(try db.readNow { db in try PCIDeviceRecords.fetchAll(host: "compute1", in: db) } == [bare, device])
    }

    @Test(arguments: StoreBackend.available) func everyHostsPhysnetsAreReadAcrossHosts(backend: StoreBackend) async throws {
        let db = try await backend.open()
        #expect(try db.readNow { db in try PCIDeviceRecords.physicalNetworksByHost(in: db) } == [:])
        let untagged = PCIDevice(address: PCIAddress("0000:3b:00.0")!, vendorID: "8086", productID: "1572", type: .physicalFunction)
        try db.writeNow { db in
            try PCIDeviceRecords.upsert((0..<6).map(Self.device), host: "compute0", in: db)
            try PCIDeviceRecords.upsert([Self.device(1), untagged], host: "compute1", in: db)
            try PCIDeviceRecords.upsert([untagged], host: "compute2", in: db)
        }
        #expect(try db.readNow { db in try PCIDeviceRecords.physicalNetworksByHost(in: db) }
            == ["compute0": ["physnet0", "physnet1", "physnet2"], "compute1": ["physnet1"], "compute2": []])
    }

    @Test(arguments: StoreBackend.available) func aRowNoDeviceCanHoldIsAnErrorNamingIt(backend: StoreBackend) async throws {
        let db = try await backend.open()
        let devices = (0..<3).map(Self.device)
        try db.writeNow { db in
            try PCIDeviceRecords.upsert(devices, host: "compute0", in: db)
            try db.executor.execute("UPDATE pci_devices SET status = 'melted' WHERE address = ?", [.text(devices[1].address.description)])
        }
        #expect(throws: StoreError.unreadable("device \(devices[1].address) (status)")) {
            try db.readNow { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) }
        }
    }
}
