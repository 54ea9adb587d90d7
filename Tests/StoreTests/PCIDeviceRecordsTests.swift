import Foundation
import GRDB
import PCI
import Store
import Testing

/// A ledger big enough to be read on several threads (`ConcurrentMap`) reads as one pass
/// in address order does.
struct PCIDeviceRecordsTests {
    static let deviceCount = ConcurrentMap.minimumPerRun * 4 + 3

    static func device(_ index: Int) -> PCIDevice {
        var device = PCIDevice(
            address: PCIAddress(domain: 0, bus: UInt8(index / 256), slot: UInt8(index / 8 % 32), function: UInt8(index % 8)),
            vendorID: "15b3", productID: "101e", type: .virtualFunction, numaNode: index % 2,
            tags: ["physical_network": .string("physnet\(index % 3)")], macAddress: "fa:16:3e:00:00:\(index % 100)")
        if index % 5 == 0 {
            device.status = .allocated
            device.instanceUUID = UUID()
        }
        return device
    }

    func ledger() throws -> (DatabaseQueue, [PCIDevice]) {
        let queue = try StoreDatabase.inMemory()
        try StoreMigrations.migrate(queue)
        // Written out of order: the read gives address order.
        let devices = (0..<Self.deviceCount).map(Self.device)
        try queue.write { db in try PCIDeviceRecords.upsert(devices.reversed(), host: "compute0", in: db) }
        return (queue, devices)
    }

    @Test func aBigLedgerReadsBackInAddressOrder() throws {
        let (db, devices) = try ledger()
        #expect(try db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } == devices)
    }

    @Test func theFirstUnreadableRowInAddressOrderIsTheError() throws {
        let (db, devices) = try ledger()
        // Two broken rows in different runs: the error is the earlier one's.
        try db.write { db in
            try db.execute(sql: "UPDATE pci_devices SET device = '{\"address\": 7}' WHERE address = ?", arguments: [devices[30].address.description])
            try db.execute(sql: "UPDATE pci_devices SET device = 'not json' WHERE address = ?", arguments: [devices[devices.count - 30].address.description])
        }
        let error = try #require(throws: DecodingError.self) { try db.read { db in try PCIDeviceRecords.fetchAll(host: "compute0", in: db) } }
        guard case .typeMismatch = error else {
            Issue.record("expected the first row's type mismatch, got \(error)")
            return
        }
    }
}
