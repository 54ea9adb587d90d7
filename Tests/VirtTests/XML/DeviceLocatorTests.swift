import Foundation
import PCI
import Testing
@testable import Virt

/// The lookups of nova-behavior §6.3 and the libvirt list of §7.6, against XML written the
/// way libvirt writes live domains (aliases, guest addresses next to host ones).
struct DeviceLocatorTests {
    static func pciHostdev(domain: String = "0x0000", bus: String, slot: String, function: String, alias: String?, guestBus: String = "0x05") -> String {
        """
        <hostdev mode='subsystem' type='pci' managed='yes'>
          <driver name='vfio'/>
          <source><address domain='\(domain)' bus='\(bus)' slot='\(slot)' function='\(function)'/></source>
          \(alias.map { "<alias name='\($0)'/>" } ?? "")
          <address type='pci' domain='0x0000' bus='\(guestBus)' slot='0x00' function='0x0'/>
        </hostdev>
        """
    }

    static func interface(type: String, mac: String, source: String, alias: String?) -> String {
        "<interface type='\(type)'><mac address='\(mac)'/>\(source)\(alias.map { "<alias name='\($0)'/>" } ?? "")</interface>"
    }

    @Test(arguments: [
        ("0x0000", "0x81", "0x00", "0x0"),  // as libvirt writes it
        ("0000", "81", "00", "0"),  // plain hex, as Nova's own configs may hold it
        ("0X0000", "0X81", "0x00", "0X0"),
        ("0x0", "0x81", "0x0", "0x0"),  // no padding
    ])
    func pciHostdevIsFoundByNumericAddress(_ domain: String, _ bus: String, _ slot: String, _ function: String) throws {
        let xml = Fixture.domainXML(devices: [Self.pciHostdev(domain: domain, bus: bus, slot: slot, function: function, alias: "hostdev0")])
        let found = try #require(try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: xml))
        #expect(found.alias == "hostdev0")
        #expect(found.device == Fixture.pfHostdev)
        #expect(found.xml.contains("hostdev0"))
    }

    @Test func hexLettersMatchInAnyCase() throws {
        let address = PCIAddress(domain: 0, bus: 0x8a, slot: 0x1f, function: 7)
        let xml = Fixture.domainXML(devices: [Self.pciHostdev(bus: "0x8A", slot: "1F", function: "7", alias: "hostdev3")])
        #expect(try DeviceLocator.find(.hostdevPCI(address: address), inDomainXML: xml)?.alias == "hostdev3")
    }

    @Test func pciHostdevWithAnotherFunctionIsNotIt() throws {
        let xml = Fixture.domainXML(devices: [Self.pciHostdev(bus: "0x81", slot: "0x00", function: "0x1", alias: "hostdev0")])
        #expect(try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: xml) == nil)
    }

    @Test func theGuestSideAddressNeverMatches() throws {
        // The PF's host address 81:00.0 appears only as the *guest* address of another device.
        let xml = Fixture.domainXML(devices: [
            Self.pciHostdev(bus: "0x82", slot: "0x00", function: "0x0", alias: "hostdev0", guestBus: "0x81")
        ])
        #expect(try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: xml) == nil)
    }

    @Test func theAliasIsTheDomainsNotAGeneratedOne() throws {
        let xml = Fixture.domainXML(devices: [
            Self.pciHostdev(bus: "0x03", slot: "0x00", function: "0x0", alias: "hostdev0"),
            Self.pciHostdev(bus: "0x81", slot: "0x00", function: "0x0", alias: "ua-sriov-pf"),
        ])
        #expect(try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: xml)?.alias == "ua-sriov-pf")
    }

    @Test func hostdevInterfaceAndPCIHostdevAreDifferentConfigClasses() throws {
        let vfAsInterface = Self.interface(
            type: "hostdev", mac: "52:54:00:6d:90:02",
            source: "<source><address type='pci' domain='0x0000' bus='0x81' slot='0x00' function='0x1'/></source>", alias: "hostdev0")
        let vfAsHostdev = Self.pciHostdev(bus: "0x81", slot: "0x00", function: "0x1", alias: "hostdev1")
        #expect(try DeviceLocator.find(.hostdevPCI(address: Fixture.vf), inDomainXML: Fixture.domainXML(devices: [vfAsInterface])) == nil)
        #expect(try DeviceLocator.find(Fixture.hostdevInterface, inDomainXML: Fixture.domainXML(devices: [vfAsHostdev])) == nil)
        let both = Fixture.domainXML(devices: [vfAsInterface, vfAsHostdev])
        #expect(try DeviceLocator.find(.hostdevPCI(address: Fixture.vf), inDomainXML: both)?.alias == "hostdev1")
        #expect(try DeviceLocator.find(Fixture.hostdevInterface, inDomainXML: both)?.alias == "hostdev0")
    }

    @Test func hostdevInterfaceMatchesOnMACAndPlainHexSourceButNotVLAN() throws {
        let xml = Fixture.domainXML(devices: [Self.interface(
            type: "hostdev", mac: "52:54:00:6D:90:02",
            source: "<source><address type='pci' domain='0000' bus='81' slot='00' function='1'/></source><vlan><tag id='7'/></vlan>",
            alias: "hostdev2")])
        let found = try #require(try DeviceLocator.find(Fixture.hostdevInterface, inDomainXML: xml))
        #expect(found.alias == "hostdev2")
        #expect(found.device == .hostdevInterface(mac: "52:54:00:6d:90:02", address: Fixture.vf, vlan: 7))
    }

    @Test func hostdevInterfaceWithAnotherMACIsNotIt() throws {
        let xml = Fixture.domainXML(devices: [Self.interface(
            type: "hostdev", mac: "52:54:00:00:00:99",
            source: "<source><address type='pci' domain='0x0000' bus='0x81' slot='0x00' function='0x1'/></source>", alias: "hostdev0")])
        #expect(try DeviceLocator.find(Fixture.hostdevInterface, inDomainXML: xml) == nil)
    }

    @Test func twoInterfacesWithTheSameMACAreToldApartBySource() throws {
        let mac = "52:54:00:aa:bb:cc"
        let xml = Fixture.domainXML(devices: [
            Self.interface(type: "direct", mac: mac, source: "<source dev='ens1f0v1' mode='passthrough'/>", alias: "net0"),
            Self.interface(type: "direct", mac: mac, source: "<source dev='ens1f0v2' mode='passthrough'/>", alias: "net1"),
        ])
        #expect(try DeviceLocator.find(.macvtap(mac: mac, sourceDevice: "ens1f0v2", vlan: nil), inDomainXML: xml)?.alias == "net1")
        #expect(try DeviceLocator.find(.macvtap(mac: mac, sourceDevice: "ens1f0v1", vlan: nil), inDomainXML: xml)?.alias == "net0")
        #expect(try DeviceLocator.find(.macvtap(mac: mac, sourceDevice: "ens1f0v3", vlan: nil), inDomainXML: xml) == nil)
    }

    @Test func sameMACAndSourceOfAnotherInterfaceTypeIsNotIt() throws {
        let xml = Fixture.domainXML(devices: [
            Self.interface(type: "direct", mac: "52:54:00:6d:90:04", source: "<source dev='/dev/vhost-vdpa-0' mode='passthrough'/>", alias: "net0")
        ])
        #expect(try DeviceLocator.find(Fixture.vdpa, inDomainXML: xml) == nil)
    }

    @Test func vdpaIsFoundByMACAndDevicePath() throws {
        let xml = Fixture.domainXML(devices: [
            Self.interface(type: "vdpa", mac: "52:54:00:6d:90:04", source: "<source dev='/dev/vhost-vdpa-1'/>", alias: "net0"),
            Self.interface(type: "vdpa", mac: "52:54:00:6d:90:04", source: "<source dev='/dev/vhost-vdpa-0'/>", alias: "net1"),
        ])
        #expect(try DeviceLocator.find(Fixture.vdpa, inDomainXML: xml)?.alias == "net1")
    }

    /// A normal port's interface is found by its MAC whatever its bridge: an undo written
    /// before the bind knows no bridge (nova-behavior §6.3 compares it; see DeviceIdentity).
    @Test func aBridgeInterfaceIsFoundByItsMAC() throws {
        let xml = Fixture.domainXML(devices: [
            Self.interface(type: "bridge", mac: "52:54:00:6d:90:09", source: "<source bridge='br-mgmt'/>", alias: "net0"),
            Self.interface(type: "bridge", mac: "52:54:00:6d:90:06", source: "<source bridge='br-mgmt'/><target dev='tap5d6f4c2a-91'/>", alias: "net1"),
        ])
        #expect(try DeviceLocator.find(Fixture.bridge, inDomainXML: xml)?.alias == "net1")
        let recorded = GuestDevice.bridge(mac: "52:54:00:6D:90:06", bridge: "", tap: "tap5d6f4c2a-91", openVSwitchInterfaceID: nil)
        #expect(try DeviceLocator.find(recorded, inDomainXML: xml)?.alias == "net1")
        #expect(try DeviceLocator.find(.macvtap(mac: "52:54:00:6d:90:06", sourceDevice: "br-mgmt", vlan: nil), inDomainXML: xml) == nil)
    }

    @Test func aPersistentDeviceHasNoAlias() throws {
        let found = try #require(try DeviceLocator.find(Fixture.macvtap, inDomainXML: Fixture.domainXML(devices: [Fixture.macvtap.xml])))
        #expect(found.alias == nil)
    }

    @Test func aDeviceAlreadyGoneIsNil() throws {
        #expect(try DeviceLocator.find(Fixture.hostdevInterface, inDomainXML: Fixture.domainXML(devices: [])) == nil)
        #expect(try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: "<domain type='qemu'><name>d</name></domain>") == nil)
    }

    @Test func nonPCIHostdevsAndOtherInterfacesAreIgnored() throws {
        let xml = Fixture.domainXML(devices: [
            "<hostdev mode='subsystem' type='usb'><source><vendor id='0x1234'/><product id='0xbeef'/></source></hostdev>",
            "<interface type='network'><mac address='52:54:00:6d:90:03'/><source network='default'/></interface>",
            "<controller type='pci' index='1' model='pcie-root-port'/>",
            Self.pciHostdev(bus: "0x81", slot: "0x00", function: "0x0", alias: "hostdev0"),
        ])
        #expect(try DeviceLocator.devices(inDomainXML: xml).map(\.device) == [Fixture.pfHostdev])
    }

    @Test func hostdevWithoutModeDefaultsToSubsystem() throws {
        let xml = Fixture.domainXML(devices: [
            "<hostdev type='pci' managed='yes'><source><address domain='0x0000' bus='0x81' slot='0x00' function='0x0'/></source></hostdev>"
        ])
        #expect(try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: xml) != nil)
    }

    @Test func listsEveryGuestDeviceInDocumentOrderWithVLANs() throws {
        let xml = Fixture.domainXML(devices: Fixture.allDevices.map(\.xml))
        #expect(try DeviceLocator.devices(inDomainXML: xml).map(\.device) == Fixture.allDevices)
    }

    @Test(arguments: [
        ("", "the domain XML is empty, expected a <domain> document"),
        ("   \n", "the domain XML is empty, expected a <domain> document"),
        ("<network><name>n</name></network>", "the domain XML has <network> at its root, expected <domain>"),
        ("not xml at all", "the domain XML has no element at its root, expected <domain>"),
    ])
    func unreadableXMLIsAnInternalErrorSayingWhy(_ xml: String, _ message: String) {
        #expect(throws: HypervisorError.internalError(message)) {
            try DeviceLocator.find(Fixture.pfHostdev, inDomainXML: xml)
        }
    }
}
