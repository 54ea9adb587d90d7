import Foundation
import Virt

/// Compares what the ledger says a server's domain holds with its XML (pure: no I/O).
/// Devices are matched as detach matches them (DeviceLocator: PCI hostdevs by numeric
/// address, interfaces by type, MAC and source).
enum DomainReconciliation {
    /// `ledger`: each port of the server with the guest device it should be; `domainXML`:
    /// the live XML of a running or paused domain, the persistent one otherwise.
    static func findings(server: UUID, ledger: [(port: String, device: GuestDevice)], domainXML: String) throws(HypervisorError) -> [DomainFinding] {
        var findings: [DomainFinding] = []
        var accounted = Set<String>()
        for (port, device) in ledger {
            if let found = try DeviceLocator.find(device, inDomainXML: domainXML) {
                accounted.insert(found.xml)
            } else {
                findings.append(.missingFromDomain(server: server, port: port, device: device.description))
            }
        }
        for present in try DeviceLocator.devices(inDomainXML: domainXML) where !accounted.contains(present.xml) {
            findings.append(.unknownInDomain(server: server, device: present.device.description))
        }
        return findings
    }
}
