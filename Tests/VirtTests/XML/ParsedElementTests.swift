import Foundation
import PCI
import Testing
@testable import Virt

/// The read-only XML of the reads that edit nothing (start-up recovery, the audit): the
/// same devices and errors as Foundation's tree, and text that reads back as the same element.
struct ParsedElementTests {
    @Test func readsNamesAttributesChildrenAndText() throws {
        let root = try ParsedElement.parse(
            "<?xml version='1.0'?>\n<domain type='qemu'>\n  <name>a &amp; b</name>\n  <devices>\n    <hostdev mode='subsystem'/>\n  </devices>\n</domain>",
            root: "domain", what: "the domain XML")
        #expect(root.tag == "domain")
        #expect(root.attributeValue("type") == "qemu")
        #expect(root.attributeValue("missing") == nil)
        #expect(root.firstChild(named: "name")?.text == "a & b")
        #expect(root.text == "", "indentation between child elements is not text")
        #expect(root.firstChild(named: "devices")?.children.map(\.tag) == ["hostdev"])
    }

    @Test func printsCompactEscapedXMLThatReadsBackAsTheSameElement() throws {
        let text = #"<domain><devices><interface type="direct" note="&quot;a&quot; &lt;b&gt; &amp; 'c'"><mac address="52:54:00:00:00:01"/><description>x &lt; y &amp; z</description></interface></devices></domain>"#
        let root = try ParsedElement.parse(text, root: "domain", what: "the domain XML")
        let interface = try #require(root.firstChild(named: "devices")?.firstChild(named: "interface"))
        #expect(interface.attributeValue("note") == #""a" <b> & 'c'"#)
        #expect(interface.xml == #"<interface note="&quot;a&quot; &lt;b&gt; &amp; 'c'" type="direct"><mac address="52:54:00:00:00:01"/><description>x &lt; y &amp; z</description></interface>"#)
        let again = try ParsedElement.parse("<domain><devices>" + interface.xml + "</devices></domain>", root: "domain", what: "again")
        #expect(again.firstChild(named: "devices")?.firstChild(named: "interface") == interface)
    }

    @Test(arguments: [
        ("", "the domain XML is empty, expected a <domain> document"),
        ("  \n ", "the domain XML is empty, expected a <domain> document"),
        ("not xml at all", "the domain XML has no element at its root, expected <domain>"),
        ("<network><name>n</name></network>", "the domain XML has <network> at its root, expected <domain>"),
    ])
    func refusesWhatIsNotADomainAsFoundationsTreeDoes(_ text: String, _ message: String) {
        #expect(throws: HypervisorError.internalError(message)) { try ParsedElement.parse(text, root: "domain", what: "the domain XML") }
        #expect(throws: HypervisorError.internalError(message)) { try LibvirtXML.parse(text, root: "domain", what: "the domain XML") }
    }

    @Test func aDomainCutShortIsNotWellFormed() {
        #expect {
            try ParsedElement.parse("<domain><devices><hostdev mode='subsystem'>", root: "domain", what: "the domain XML")
        } throws: { error in
            "\(error)".contains("the domain XML is not well-formed XML")
        }
    }

    @Test func listedDevicesAreWhatFindAnswersAndTheirXMLReadsBack() throws {
        let xml = Fixture.domainXML(devices: Fixture.allDevices.map(\.xml))
        let listed = try DeviceLocator.devices(inDomainXML: xml)
        #expect(listed.map(\.device) == Fixture.allDevices)
        for device in Fixture.allDevices {
            let found = try #require(try DeviceLocator.find(device, inDomainXML: xml))
            #expect(DeviceLocator.first(device, in: listed)?.device == found.device)
            #expect(DeviceLocator.first(device, in: listed)?.alias == found.alias)
        }
        let reread = try DeviceLocator.devices(inDomainXML: Fixture.domainXML(devices: listed.map(\.xml)))
        #expect(reread == listed)
    }

    @Test func firstIsNilForADeviceTheDomainDoesNotHold() throws {
        let listed = try DeviceLocator.devices(inDomainXML: Fixture.domainXML(devices: [Fixture.macvtap.xml]))
        #expect(DeviceLocator.first(Fixture.pfHostdev, in: listed) == nil)
        #expect(DeviceLocator.first(Fixture.macvtap, in: listed)?.device == Fixture.macvtap)
    }
}
