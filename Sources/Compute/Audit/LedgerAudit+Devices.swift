import ComputeModel
import Foundation
import PCI

/// Each tracked device against who holds it: its owner in the ledger, the guests that have
/// it, the ports that name it.
extension LedgerAudit {
    func deviceFindings() -> [Finding] {
        var findings: [Finding] = []
        for device in snapshot.ledger where !device.status.isGone {
            let guests = (holders.guests[device.address] ?? []).sorted { $0.uuidString < $1.uuidString }
            let ports = holders.ports[device.address] ?? []
            if device.status.isOwned, let owner = device.instanceUUID {
                if snapshot.serverExists(owner) {
                    findings += contested(device, owner: owner, guests: guests, ports: ports)
                } else {
                    findings.append(orphan(device, owner: owner, guests: guests, ports: ports))
                }
            } else {
                findings += unowned(device, guests: guests, ports: ports)
            }
        }
        return findings
    }

    /// An owned device that another guest, or a port of another server, holds too.
    private func contested(_ device: PCIDevice, owner: UUID, guests: [UUID], ports: [NetworkPort]) -> [Finding] {
        let others = guests.filter { $0 != owner }.map { "the guest of \(Self.name($0))" }
            + ports.filter { $0.deviceID.lowercased() != Self.name(owner) }.map { "port \($0.id) (bound for '\($0.deviceID)')" }
        guard !others.isEmpty else { return [] }
        return [Finding(
            kind: .contestedDevice,
            message: "\(device.address) is \(Self.name(owner))'s in the ledger (\(device.status.rawValue)), but \(others.joined(separator: " and ")) holds it too",
            device: device.address, server: owner)]
    }

    /// A device whose owner no longer exists: freed once nothing holds it in any source.
    private func orphan(_ device: PCIDevice, owner: UUID, guests: [UUID], ports: [NetworkPort]) -> Finding {
        var finding = Finding(
            kind: .orphanDevice,
            message: "\(device.address) is \(device.status.rawValue) for server \(Self.name(owner)), which no longer exists",
            device: device.address, server: owner, remedy: .freeDevice)
        let holding = guests.map { "the guest of \(Self.name($0))" } + ports.map { "port \($0.id)" }
        if !holding.isEmpty {
            finding.message += "; \(holding.joined(separator: " and ")) still holds it"
            finding.outcome = .withheld("it is still held")
        } else if let problem = guestsProblem {
            finding.outcome = .withheld("whether a guest holds it could not be checked: \(problem)")
        } else if let problem = snapshot.boundPorts.problem {
            finding.outcome = .withheld("whether a port names it could not be checked: \(problem)")
        } else {
            finding.message += ", and no guest or port holds it"
            finding.outcome = healOutcome(device: device.address, servers: [owner])
        }
        return finding
    }

    /// A device the ledger gives to nobody: a guest that holds it gets it, quarantined.
    private func unowned(_ device: PCIDevice, guests: [UUID], ports: [NetworkPort]) -> [Finding] {
        if guests.count > 1 {
            return [Finding(
                kind: .contestedDevice,
                message: "\(device.address) is \(device.status.rawValue) in the ledger, but the guests of \(guests.map(Self.name).joined(separator: " and ")) all hold it",
                device: device.address)]
        }
        if let guest = guests.first {
            var finding = Finding(
                kind: .unownedDeviceInGuest,
                message: "the guest of \(Self.name(guest)) holds \(device.address), which the ledger gives to nobody (\(device.status.rawValue))",
                device: device.address, server: guest, remedy: .quarantineDevice)
            if !snapshot.serverExists(guest) {
                // No server to give it to: a domain this service did not create, or whose
                // row is gone. Reported for an operator.
                finding.outcome = .withheld("the domain is no server of this service")
            } else if device.status == .available {
                finding.outcome = healOutcome(device: device.address, servers: [guest])
            } else {
                finding.outcome = .withheld("a PF or VF related to it is in use, so it cannot be given to this guest")
            }
            return [finding]
        }
        // Ports of servers that exist (those of vanished servers are unbound by their own finding).
        let naming = ports.filter { port in UUID(uuidString: port.deviceID).map(snapshot.serverExists) ?? false }
        guard !naming.isEmpty else { return [] }
        return [Finding(
            kind: .contestedDevice,
            message: "\(device.address) is \(device.status.rawValue) in the ledger, but \(naming.map { "port \($0.id) of '\($0.deviceID)'" }.joined(separator: " and ")) names it",
            device: device.address)]
    }
}
