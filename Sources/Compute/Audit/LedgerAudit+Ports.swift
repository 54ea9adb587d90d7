import ComputeModel
import Foundation
import PCI

/// The ports bound to this host against the servers and interfaces of the ledger.
extension LedgerAudit {
    /// Only ports a compute service bound (`device_owner` `compute:…`) are judged: a DHCP
    /// or router port bound to this host is not the ledger's business.
    static let computeOwnerPrefix = "compute:"

    func portFindings() -> [Finding] {
        guard let ports = snapshot.boundPorts.value else { return [] }
        let interfaces = Dictionary(snapshot.interfaces.map { ($0.portID, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Finding] = []
        for port in ports where port.bindingHostID == snapshot.hostName && port.deviceOwner.hasPrefix(Self.computeOwnerPrefix) {
            let slot = port.bindingProfile["pci_slot"]?.stringValue.flatMap(PCIAddress.init)
            let naming = slot.map { " (its binding names \($0))" } ?? ""
            guard let server = UUID(uuidString: port.deviceID) else {
                findings.append(Finding(
                    kind: .unrecordedPort, message: "port \(port.id) is bound to this host for '\(port.deviceID)', which names no server\(naming)",
                    device: slot, port: port.id))
                continue
            }
            if !snapshot.serverExists(server) {
                findings.append(Finding(
                    kind: .orphanPort,
                    message: "port \(port.id) is bound to this host for server \(Self.name(server)), which no longer exists\(naming)",
                    device: slot, server: server, port: port.id, remedy: .unbindPort,
                    outcome: healOutcome(device: slot, servers: [server], port: port.id)))
            } else if interfaces[port.id]?.serverID != server, inFlight(servers: [server], port: port.id) == nil {
                findings.append(Finding(
                    kind: .unrecordedPort,
                    message: "port \(port.id) is bound to this host for server \(Self.name(server)), which has no interface for it in the ledger\(naming)",
                    device: slot, server: server, port: port.id))
            }
        }
        return findings
    }
}
