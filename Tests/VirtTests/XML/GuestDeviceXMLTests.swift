import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PCI
import TestSupport
import Testing
@testable import Virt

struct GuestDeviceXMLTests {
    @Test func hostdevInterfaceCarriesMACPCISourceAndVLAN() throws {
        let root = try Fixture.root(of: Fixture.hostdevInterface.xml)
        #expect(root.name == "interface")
        #expect(root.value("type") == "hostdev")
        #expect(root.value("managed") == "yes")
        #expect(root.child("mac")?.value("address") == "52:54:00:6d:90:02")
        let address = try #require(root.child("source", "address"))
        #expect(address.value("type") == "pci")
        #expect(address.value("domain") == "0x0000")
        #expect(address.value("bus") == "0x81")
        #expect(address.value("slot") == "0x00")
        #expect(address.value("function") == "0x1")
        #expect(root.child("vlan", "tag")?.value("id") == "100")
        // A passed-through VF is the guest NIC itself: no model, no driver, and no alias
        // (libvirt names live devices).
        #expect(root.child("model") == nil)
        #expect(root.child("driver") == nil)
        #expect(root.child("alias") == nil)
    }

    @Test(arguments: [nil, 0] as [Int?])
    func noVLANElementWithoutATag(_ vlan: Int?) throws {
        let hostdev = try Fixture.root(of: GuestDevice.hostdevInterface(mac: "52:54:00:00:00:01", address: Fixture.vf, vlan: vlan).xml)
        #expect(hostdev.child("vlan") == nil)
        let macvtap = try Fixture.root(of: GuestDevice.macvtap(mac: "52:54:00:00:00:01", sourceDevice: "ens1f0v1", vlan: vlan).xml)
        #expect(macvtap.child("vlan") == nil)
    }

    @Test func macvtapIsADirectPassthroughVirtioInterface() throws {
        let root = try Fixture.root(of: Fixture.macvtap.xml)
        #expect(root.name == "interface")
        #expect(root.value("type") == "direct")
        #expect(root.value("managed") == nil)
        #expect(root.child("mac")?.value("address") == "52:54:00:6d:90:03")
        #expect(root.child("source")?.value("dev") == "ens1f0v3")
        #expect(root.child("source")?.value("mode") == "passthrough")
        #expect(root.child("model")?.value("type") == "virtio")
        #expect(root.child("driver")?.value("name") == "vhost")
        #expect(root.child("vlan", "tag")?.value("id") == "42")
    }

    @Test func pfIsABarePCIHostdevWithoutMACOrVLAN() throws {
        let root = try Fixture.root(of: Fixture.pfHostdev.xml)
        #expect(root.name == "hostdev")
        #expect(root.value("mode") == "subsystem")
        #expect(root.value("type") == "pci")
        #expect(root.value("managed") == "yes")
        let address = try #require(root.child("source", "address"))
        #expect(address.value("type") == nil)
        #expect(address.value("domain") == "0x0000")
        #expect(address.value("bus") == "0x81")
        #expect(address.value("slot") == "0x00")
        #expect(address.value("function") == "0x0")
        #expect(root.child("mac") == nil)
        #expect(root.child("vlan") == nil)
    }

    @Test func vdpaIsAVirtioInterfaceOnTheVhostVDPADevice() throws {
        let root = try Fixture.root(of: Fixture.vdpa.xml)
        #expect(root.name == "interface")
        #expect(root.value("type") == "vdpa")
        #expect(root.child("mac")?.value("address") == "52:54:00:6d:90:04")
        #expect(root.child("source")?.value("dev") == "/dev/vhost-vdpa-0")
        #expect(root.child("model")?.value("type") == "virtio")
        #expect(root.child("vlan") == nil)
    }

    /// Nova's VIFBridge: a tap on the bridge, named `tap` + the port id (14 characters).
    @Test func goldenBridgeInterface() {
        #expect(Fixture.bridge.xml == """
            <interface type="bridge">
              <mac address="52:54:00:6d:90:06"/>
              <source bridge="br-mgmt"/>
              <target dev="tap5d6f4c2a-91"/>
              <model type="virtio"/>
            </interface>
            """)
    }

    /// Nova's VIFOpenVSwitch without hybrid plug: the port id is the OVS interface id.
    @Test func goldenOpenVSwitchInterface() {
        #expect(Fixture.openVSwitch.xml == """
            <interface type="bridge">
              <mac address="52:54:00:6d:90:07"/>
              <source bridge="br-int"/>
              <virtualport type="openvswitch">
                <parameters interfaceid="0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d"/>
              </virtualport>
              <target dev="tap0b1c2d3e-4f"/>
              <model type="virtio"/>
            </interface>
            """)
    }

    @Test func macIsWrittenLowerCase() throws {
        let root = try Fixture.root(of: GuestDevice.vdpa(mac: "52:54:00:AB:CD:EF", devicePath: "/dev/vhost-vdpa-1").xml)
        #expect(root.child("mac")?.value("address") == "52:54:00:ab:cd:ef")
    }

    @Test func addressFieldsArePaddedHex() throws {
        let address = PCIAddress(domain: 0x10ab, bus: 0xff, slot: 0x1f, function: 7)
        let source = try #require(try Fixture.root(of: GuestDevice.hostdevPCI(address: address).xml).child("source", "address"))
        #expect(source.value("domain") == "0x10ab")
        #expect(source.value("bus") == "0xff")
        #expect(source.value("slot") == "0x1f")
        #expect(source.value("function") == "0x7")
    }

    @Test func goldenHostdevInterface() {
        #expect(Fixture.hostdevInterface.xml == """
            <interface type="hostdev" managed="yes">
              <mac address="52:54:00:6d:90:02"/>
              <source>
                <address type="pci" domain="0x0000" bus="0x81" slot="0x00" function="0x1"/>
              </source>
              <vlan>
                <tag id="100"/>
              </vlan>
            </interface>
            """)
    }

    @Test func goldenPFHostdev() {
        #expect(Fixture.pfHostdev.xml == """
            <hostdev mode="subsystem" type="pci" managed="yes">
              <source>
                <address domain="0x0000" bus="0x81" slot="0x00" function="0x0"/>
              </source>
            </hostdev>
            """)
    }

    @Test(arguments: Fixture.allDevices)
    func readsBackAsTheSameDevice(_ device: GuestDevice) throws {
        let found = try DeviceLocator.devices(inDomainXML: Fixture.domainXML(devices: [device.xml]))
        #expect(found.map(\.device) == [device])
        #expect(found.first?.alias == nil)
    }

    @Test
    func everyDeviceValidatesAgainstLibvirtsSchema() async throws {
        let hypervisor = try SimulatedHypervisor()
        let uuid = UUID()
        try await hypervisor.define(Fixture.definition(uuid: uuid))
        let macvtapNoVLAN = GuestDevice.macvtap(mac: "52:54:00:6d:90:05", sourceDevice: "ens1f0v4", vlan: nil)
        for device in Fixture.allDevices + [macvtapNoVLAN] { try await hypervisor.attach(device, to: uuid) }
        try await hypervisor.start(uuid)
        // Both the persistent config and the live one (with aliases and guest addresses).
        for live in [false, true] {
            let problems = try LibvirtSchema.problems(inDomainXML: await hypervisor.domainXML(of: uuid, live: live))
            #expect(problems == nil, "live: \(live)")
        }
    }
}
