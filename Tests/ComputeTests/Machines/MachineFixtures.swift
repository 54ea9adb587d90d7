import Foundation
import PCI
import Store

/// A plan for a VF on port p1 of one server, with what may hold it.
func plan(guest: Bool = true, port: Bool = true) -> ReleasePlan {
    let interface = VirtualInterface(
        portID: "p1", serverID: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, networkID: "n1",
        macAddress: "fa:16:3e:00:00:01", vnicType: "direct", pciSlot: PCIAddress("0000:02:00.1"), pciRequestID: nil, vlan: nil,
        sourceDevice: nil, tag: nil, profileKeys: ["pci_slot"])
    return ReleasePlan(interface: interface, request: nil, guestMayHoldDevice: guest, portMayBeBound: port)
}
