import Compute
import Foundation
import GRDB
import SQLiteStore
import Logging
import PCI
import Store
import Testing

/// Loading the ledger at start-up writes back only the rows the host changed.
struct ResourceTrackerLoadTests {
    static func device(_ address: String, netdev: String) -> PCIDevice {
        PCIDevice(address: try! PCIAddress(parsing: address), vendorID: "15b3", productID: "101e", type: .pci, netdevName: netdev)
    }

    func rows(_ database: SQLiteStore) throws -> [String: (netdev: String, updatedAt: String)] {
        try database.writer.read { db in
            var rows: [String: (String, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT address, netdev_name, updated_at FROM pci_devices") {
                rows[row["address"]] = (row["netdev_name"], row["updated_at"])
            }
            return rows
        }
    }

    @Test func aRestartRewritesOnlyTheDevicesWhoseFactsChanged() async throws {
        let database = try SQLiteStore.inMemory()
        let first = [Self.device("0000:81:00.1", netdev: "eth1"), Self.device("0000:81:00.2", netdev: "eth2")]
        let logger = Logger(label: "test")
        _ = try ResourceTracker(hostName: "compute0", numa: .none, discovered: first, database: database, logger: logger)
        // Older update times, so that a rewrite shows.
        try await database.writer.write { db in try db.execute(sql: "UPDATE pci_devices SET updated_at = '2001-01-01 00:00:00.000'") }
        let renamed = [first[0], Self.device("0000:81:00.2", netdev: "eth2-renamed")]
        let tracker = try ResourceTracker(hostName: "compute0", numa: .none, discovered: renamed, database: database, logger: logger)

        let stored = try rows(database)
        #expect(stored["0000:81:00.1"]?.updatedAt == "2001-01-01 00:00:00.000")
        #expect(stored["0000:81:00.2"]?.updatedAt != "2001-01-01 00:00:00.000")
        #expect(stored["0000:81:00.2"]?.netdev == "eth2-renamed")
        #expect(await tracker.devices.map(\.netdevName) == ["eth1", "eth2-renamed"])
    }
}
