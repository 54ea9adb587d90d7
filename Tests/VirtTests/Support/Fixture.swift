import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PCI
import Testing
@testable import Virt

/// Devices and domains shared by the tests: the VF and PF of Nova's functional fixture
/// (`0000:81:00.1` under `0000:81:00.0`).
enum Fixture {
    static let vf = PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 1)
    static let otherVF = PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 2)
    static let pf = PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 0)

    static let hostdevInterface = GuestDevice.hostdevInterface(mac: "52:54:00:6d:90:02", address: vf, vlan: 100)
    static let macvtap = GuestDevice.macvtap(mac: "52:54:00:6d:90:03", sourceDevice: "ens1f0v3", vlan: 42)
    static let pfHostdev = GuestDevice.hostdevPCI(address: pf)
    static let vdpa = GuestDevice.vdpa(mac: "52:54:00:6d:90:04", devicePath: "/dev/vhost-vdpa-0")
    static let bridge = GuestDevice.bridge(mac: "52:54:00:6d:90:06", bridge: "br-mgmt", tap: "tap5d6f4c2a-91", openVSwitchInterfaceID: nil)
    static let openVSwitch = GuestDevice.bridge(
        mac: "52:54:00:6d:90:07", bridge: "br-int", tap: "tap0b1c2d3e-4f", openVSwitchInterfaceID: "0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d")
    static let allDevices = [hostdevInterface, macvtap, pfHostdev, vdpa, bridge, openVSwitch]

    static func definition(_ name: String = "instance-0001", uuid: UUID = UUID(), numaCells: [Int]? = nil) -> DomainDefinition {
        DomainDefinition(uuid: uuid, name: name, vcpus: 2, memoryMB: 512, numaCells: numaCells)
    }

    /// Parses XML the tests received, failing the test when it is not well-formed.
    static func root(of xml: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLElement {
        let document = try XMLDocument(xmlString: xml, options: [])
        return try #require(document.rootElement(), sourceLocation: sourceLocation)
    }

    /// A domain XML whose `<devices>` holds exactly `devices` (element text as libvirt
    /// would write it), for the lookup tests.
    static func domainXML(devices: [String]) -> String {
        "<domain type='qemu'><name>d</name><devices>\(devices.joined())</devices></domain>"
    }

    /// Short waits for paths that must time out; a long one for paths an event ends.
    static let timingOut = DetachPolicy(timeout: .milliseconds(50), attempts: 2)
    static let eventDriven = DetachPolicy(timeout: .seconds(30), attempts: 1)
}

extension XMLElement {
    func child(_ path: String...) -> XMLElement? {
        var element: XMLElement? = self
        for name in path { element = element?.elements(forName: name).first }
        return element
    }

    func value(_ attribute: String) -> String? {
        self.attribute(forName: attribute)?.stringValue
    }
}
