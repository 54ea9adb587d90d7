import TestSupport
import Testing
import PCI
import Virt

/// Every vnic type's device XML (DESIGN §6, reference §6.2) validates as a single device
/// against libvirt's domain grammar, the form in which it is handed to attach.
struct DeviceXMLSchemaTests {
    static let vf = PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 1)
    static let devices: [GuestDevice] = [
        .hostdevInterface(mac: "52:54:00:6d:90:02", address: vf, vlan: 100),
        .hostdevInterface(mac: "52:54:00:6d:90:05", address: vf, vlan: nil),
        .macvtap(mac: "52:54:00:6d:90:03", sourceDevice: "ens1f0v3", vlan: 42),
        .macvtap(mac: "52:54:00:6d:90:06", sourceDevice: "ens1f0v3", vlan: nil),
        .hostdevPCI(address: PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 0)),
        .vdpa(mac: "52:54:00:6d:90:04", devicePath: "/dev/vhost-vdpa-0"),
    ]

    @Test(arguments: devices)
    func validatesAsADevice(_ device: GuestDevice) throws {
        #expect(try LibvirtSchema.problems(inDeviceXML: device.xml) == nil)
    }

    @Test func theDeviceSchemaCheckCatchesAnInvalidDevice() throws {
        let xml = GuestDevice.hostdevInterface(mac: "52:54:00:6d:90:02", address: Self.vf, vlan: 100).xml
        let broken = xml.replacingOccurrences(of: "managed=\"yes\"", with: "managed=\"maybe\"")
        #expect(broken != xml)
        #expect(try LibvirtSchema.problems(inDeviceXML: broken)?.contains("managed") == true)
    }
}
