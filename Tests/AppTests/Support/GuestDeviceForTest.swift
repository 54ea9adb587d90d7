import PCI
import Virt

/// The guest device a `direct` port becomes, built here by hand so tests do not reuse
/// the code under test to decide what to look for.
enum GuestDeviceForTest {
    static func hostdev(mac: String, address: PCIAddress, vlan: Int?) -> GuestDevice {
        .hostdevInterface(mac: mac, address: address, vlan: vlan)
    }
}
