import Foundation
import PCI
import Testing
import Virt
@testable import Compute

/// The start-up comparison of the ledger with a domain's XML, device by device.
struct DomainReconciliationTests {
    let server = UUID(uuidString: "7E1F0000-0000-4000-8000-000000000001")!
    let vf = GuestDevice.hostdevInterface(mac: "fa:16:3e:00:00:01", address: PCIAddress(domain: 0, bus: 0x81, slot: 0, function: 1), vlan: 24)
    let pf = GuestDevice.hostdevPCI(address: PCIAddress(domain: 0, bus: 0x82, slot: 0, function: 0))
    let macvtap = GuestDevice.macvtap(mac: "fa:16:3e:00:00:02", sourceDevice: "ens1f0v2", vlan: nil)

    func domain(_ devices: String...) -> String {
        "<domain type='qemu'><name>d</name><devices><emulator>/usr/bin/qemu-system-x86_64</emulator>\(devices.joined())</devices></domain>"
    }

    @Test func aDomainHoldingExactlyTheLedgersDevicesHasNoFindings() throws {
        // As libvirt writes them back: no 0x on one address, an alias, a guest-side address.
        let xml = domain(
            "<interface type='hostdev' managed='yes'><mac address='fa:16:3e:00:00:01'/><source><address type='pci' domain='0' bus='81' slot='0' function='1'/></source><vlan><tag id='24'/></vlan><alias name='hostdev0'/></interface>",
            "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x82' slot='0x00' function='0x0'/></source><alias name='hostdev1'/><address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/></hostdev>")
        #expect(try DomainReconciliation.findings(server: server, ledger: [("p1", vf), ("p2", pf)], domainXML: xml) == [])
    }

    @Test func aLedgerDeviceTheDomainLacksIsMissing() throws {
        let findings = try DomainReconciliation.findings(server: server, ledger: [("p1", vf)], domainXML: domain())
        #expect(findings == [.missingFromDomain(server: server, port: "p1", device: vf.description)])
    }

    @Test func aDomainDeviceNoPortAccountsForIsUnknown() throws {
        let xml = domain(macvtap.xml, pf.xml)
        let findings = try DomainReconciliation.findings(server: server, ledger: [("p2", pf)], domainXML: xml)
        #expect(findings == [.unknownInDomain(server: server, device: macvtap.description)])
    }

    @Test func sameMACOnAnotherSourceIsNotTheLedgersDevice() throws {
        let elsewhere = GuestDevice.macvtap(mac: "fa:16:3e:00:00:02", sourceDevice: "ens1f0v3", vlan: nil)
        let findings = try DomainReconciliation.findings(server: server, ledger: [("p3", macvtap)], domainXML: domain(elsewhere.xml))
        #expect(findings == [
            .missingFromDomain(server: server, port: "p3", device: macvtap.description),
            .unknownInDomain(server: server, device: elsewhere.description),
        ])
    }

    @Test func unreadableXMLIsAnError() {
        #expect(throws: HypervisorError.self) { try DomainReconciliation.findings(server: server, ledger: [], domainXML: "<network/>") }
    }

    @Test func findingsSayWhatDisagrees() {
        #expect(DomainFinding.domainVanished(server: server).description == "server 7e1f0000-0000-4000-8000-000000000001 has no domain on the hypervisor")
        #expect(DomainFinding.missingFromDomain(server: server, port: "p1", device: "X").description.contains("port p1"))
        #expect(DomainFinding.unknownInDomain(server: server, device: "X").description.contains("no port in the ledger"))
    }
}
