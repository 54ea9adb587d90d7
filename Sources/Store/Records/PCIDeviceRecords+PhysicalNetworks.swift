import PCI

extension PCIDeviceRecords {
    /// Every host of the store and the physnets its devices are tagged with (a host whose
    /// devices carry none maps to an empty set): the NIC Switch agents the cluster's one
    /// network binds for. Read when a binding names a host the network has not heard of, so
    /// rarely that reading the devices whole (`fetchAllByHost`) costs nothing that matters.
    public static func physicalNetworksByHost(in db: StoreTransaction) throws -> [String: Set<String>] {
        try fetchAllByHost(in: db).mapValues { Set($0.compactMap(\.physicalNetwork)) }
    }
}
