import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension DomainDefinition {
    /// The domain XML a rebuild defines: this definition's (its new image's boot source)
    /// with the guest devices the domain's persistent configuration holds, as they were
    /// attached, so that the recreated guest has the ports it had (Nova's rebuild plugs the
    /// same VIFs again).
    public func xml(template: DomainTemplate, keepingDevicesOf persistentXML: String) throws(HypervisorError) -> String {
        let kept = try DeviceLocator.devices(inDomainXML: persistentXML)
        let root = makeElement(template: template)
        let document = XMLDocument(rootElement: root)
        return withExtendedLifetime(document) {
            let devices = root.elements(forName: "devices").first
            for device in kept { devices?.addChild(device.device.makeElement()) }
            return LibvirtXML.string(of: root)
        }
    }
}
