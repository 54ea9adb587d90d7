import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One configuration of a simulated domain (persistent or live) as an editable XML tree.
/// Built from the stored text inside one actor call and printed back before it ends, so the
/// non-Sendable tree never leaves the actor.
struct DomainConfig {
    let document: XMLDocument
    let root: XMLElement
    let devices: XMLElement

    init(xml: String, what: String) throws(HypervisorError) {
        try self.init(document: try LibvirtXML.parse(xml, root: "domain", what: what), what: what)
    }

    init(document: XMLDocument, what: String) throws(HypervisorError) {
        self.document = document
        guard let root = document.rootElement(), let devices = root.firstChild(named: "devices") else {
            throw .internalError("\(what) has no <devices> element")
        }
        self.root = root
        self.devices = devices
    }

    var xml: String { LibvirtXML.string(of: root) }

    /// The SR-IOV-style devices it holds, in document order.
    var guestDevices: [GuestDevice] {
        devices.childElements.compactMap(GuestDevice.init(domainElement:))
    }

    func contains(_ device: GuestDevice) -> Bool {
        DeviceLocator.element(for: device, in: document) != nil
    }

    /// The device of this config that holds the same host resource (PCI device, netdev,
    /// vDPA device) as `device`, if any.
    func holder(of resource: HostResource) -> GuestDevice? {
        guestDevices.first { HostResource($0) == resource }
    }

    func append(_ device: GuestDevice) -> XMLElement {
        let element = device.makeElement()
        devices.addChild(element)
        return element
    }

    /// Removes the device; false when it is not there.
    func remove(_ device: GuestDevice) -> Bool {
        guard let element = DeviceLocator.element(for: device, in: document) else { return false }
        devices.removeChild(at: element.index)
        return true
    }

    func removeDevice(withAlias alias: String) -> Bool {
        guard let element = DeviceLocator.element(withAlias: alias, in: document) else { return false }
        devices.removeChild(at: element.index)
        return true
    }

    func hasDevice(withAlias alias: String) -> Bool {
        DeviceLocator.element(withAlias: alias, in: document) != nil
    }
}
