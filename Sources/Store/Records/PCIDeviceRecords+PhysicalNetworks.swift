import PCI

extension PCIDeviceRecords {
    /// Every host of the store and the physnets its devices are tagged with (a host whose
    /// devices carry none maps to an empty set): the NIC Switch agents the cluster's one
    /// network binds for. Read across hosts, the one ledger query that is not a host's own.
    public static func physicalNetworksByHost(in db: StoreTransaction) throws -> [String: Set<String>] {
        var byHost: [String: Set<String>] = [:]
        let rows = try db.fetchAll("SELECT DISTINCT host, tags FROM pci_devices", []) { row in
            (try row.required(0, "a device's host"), try tags(try row.required(1, "a device's tags")))
        }
        for (host, tags) in rows {
            byHost[host, default: []].formUnion([tags["physical_network"]?.stringValue].compactMap { $0 })
        }
        return byHost
    }
}
