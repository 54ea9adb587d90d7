@testable import PCI

/// Hosts for device_spec tests, modelled on Nova's RemoteManagedServersTest: PF
/// 0000:81:00.0 (15b3:a2dc, VF product 1021, serial MT0000X00001, netdev ens81) with VFs
/// .1–.4; PF 0000:82:00.0 (a2d6, VF product 101e) whose VFs inherit serial MT0000X00002;
/// a plain NIC 0000:0a:00.5 (8086:10fb, netdev eth5) with no SR-IOV.
enum DeviceSpecHosts {
    static let mellanox: HostSnapshot = {
        var devices: [DiscoveredDevice] = []
        for (bus, pfProduct, vfProduct, serial, ifname) in [
            (UInt8(0x81), "a2dc", "1021", "MT0000X00001", "ens81"), (UInt8(0x82), "a2d6", "101e", "MT0000X00002", "ens82"),
        ] {
            let pf = PCIAddress(domain: 0, bus: bus, slot: 0, function: 0)
            devices.append(DiscoveredDevice(address: pf, vendorID: "15b3", productID: pfProduct, type: .physicalFunction,
                                            numaNode: 0, netdevName: ifname, cardSerialNumber: serial, totalVFs: 4,
                                            enabledVFs: 4, vfProductID: vfProduct))
            for function in 1...4 {
                devices.append(DiscoveredDevice(
                    address: PCIAddress(domain: 0, bus: bus, slot: 0, function: UInt8(function)), vendorID: "15b3",
                    productID: vfProduct, type: .virtualFunction, numaNode: 0, parentAddress: pf,
                    parentIfname: ifname, vfNumber: function - 1, cardSerialNumber: serial))
            }
        }
        devices.append(DiscoveredDevice(address: PCIAddress("0000:0a:00.5")!, vendorID: "8086", productID: "10fb", type: .pci,
                                        numaNode: nil, netdevName: "eth5"))
        devices.append(DiscoveredDevice(address: PCIAddress("0000:0b:00.1")!, vendorID: "15b3", productID: "1021",
                                        type: .virtualFunction, numaNode: 1, cardSerialNumber: nil))
        return HostSnapshot(devices: devices, numaTopology: .none)
    }()
}
