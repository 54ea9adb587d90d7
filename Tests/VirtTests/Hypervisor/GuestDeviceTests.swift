import Foundation
import Testing
@testable import Virt

struct GuestDeviceTests {
    @Test func exposesMACAddressAndVLANPerKind() {
        #expect(Fixture.hostdevInterface.mac == "52:54:00:6d:90:02")
        #expect(Fixture.hostdevInterface.pciAddress == Fixture.vf)
        #expect(Fixture.hostdevInterface.vlan == 100)
        #expect(Fixture.macvtap.pciAddress == nil)
        #expect(Fixture.macvtap.vlan == 42)
        #expect(Fixture.pfHostdev.mac == nil)
        #expect(Fixture.pfHostdev.pciAddress == Fixture.pf)
        #expect(Fixture.pfHostdev.vlan == nil)
        #expect(Fixture.vdpa.vlan == nil)
        #expect(GuestDevice.macvtap(mac: "52:54:00:AA:00:01", sourceDevice: "x", vlan: 0).mac == "52:54:00:aa:00:01")
        #expect(GuestDevice.macvtap(mac: "52:54:00:aa:00:01", sourceDevice: "x", vlan: 0).vlan == nil)
    }

    @Test func describesItselfForMessages() {
        #expect(Fixture.hostdevInterface.description == "hostdev interface 52:54:00:6d:90:02 on VF 0000:81:00.1")
        #expect(Fixture.macvtap.description == "macvtap interface 52:54:00:6d:90:03 on ens1f0v3")
        #expect(Fixture.pfHostdev.description == "PCI hostdev 0000:81:00.0")
        #expect(Fixture.vdpa.description == "vDPA interface 52:54:00:6d:90:04 on /dev/vhost-vdpa-0")
        #expect(Fixture.bridge.description == "bridge interface 52:54:00:6d:90:06 on br-mgmt through tap5d6f4c2a-91")
        #expect(Fixture.openVSwitch.description == "Open vSwitch interface 52:54:00:6d:90:07 on br-int through tap0b1c2d3e-4f")
    }

    @Test func roundTripsThroughCodable() throws {
        let data = try JSONEncoder().encode(Fixture.allDevices)
        #expect(try JSONDecoder().decode([GuestDevice].self, from: data) == Fixture.allDevices)
    }

    @Test(arguments: Fixture.allDevices)
    func validDevicesPassValidation(_ device: GuestDevice) throws {
        try device.validate()
    }

    @Test(arguments: [
        (GuestDevice.vdpa(mac: "52:54:00:6d:90", devicePath: "/dev/vhost-vdpa-0"), "needs a unicast MAC address like 52:54:00:12:34:56, got '52:54:00:6d:90'"),
        (GuestDevice.vdpa(mac: "01:00:5e:00:00:01", devicePath: "/dev/vhost-vdpa-0"), "got '01:00:5e:00:00:01'"),
        (GuestDevice.vdpa(mac: "52:54:00:6d:90:zz", devicePath: "/dev/vhost-vdpa-0"), "got '52:54:00:6d:90:zz'"),
        (GuestDevice.hostdevInterface(mac: "52:54:00:00:00:01", address: Fixture.vf, vlan: 4096), "has VLAN tag 4096, valid tags are 1 to 4095"),
        (GuestDevice.macvtap(mac: "52:54:00:00:00:01", sourceDevice: "ens1", vlan: -1), "has VLAN tag -1, valid tags are 1 to 4095"),
        (GuestDevice.macvtap(mac: "52:54:00:00:00:01", sourceDevice: "", vlan: nil), "needs the name of a host netdev as its source, got ''"),
        (GuestDevice.bridge(mac: "52:54:00:00:00:01", bridge: "", tap: "tap1", openVSwitchInterfaceID: nil), "needs the name of a host bridge as its source, got ''"),
        (GuestDevice.bridge(mac: "52:54:00:00:00:01", bridge: "br/0", tap: "tap1", openVSwitchInterfaceID: nil), "needs the name of a host bridge as its source, got 'br/0'"),
        (GuestDevice.bridge(mac: "52:54:00:00:00:01", bridge: "br0", tap: "tap0123456789abcdef", openVSwitchInterfaceID: nil),
         "needs a tap name of 1 to 15 characters without '/', ':' or spaces, got 'tap0123456789abcdef'"),
        (GuestDevice.vdpa(mac: "52:54:00:00:00:01", devicePath: "vhost-vdpa-0"), "needs an absolute /dev/vhost-vdpa-N path as its source"),
    ])
    func invalidDevicesAreRefusedWithTheirFault(_ device: GuestDevice, _ fragment: String) throws {
        let error = try #require(throws: HypervisorError.self) { try device.validate() }
        guard case .operationFailed(let message) = error else {
            Issue.record("expected operationFailed, got \(error)")
            return
        }
        #expect(message.hasPrefix("XML error: \(device)"))
        #expect(message.contains(fragment))
    }

    @Test func vlan4095IsTheLastValidTag() throws {
        try GuestDevice.macvtap(mac: "52:54:00:00:00:01", sourceDevice: "ens1", vlan: 4095).validate()
    }
}
