import ComputeModel
import Foundation
import PCI
import Virt

/// The servers and interfaces of the ledger against the domains the hypervisor has.
extension LedgerAudit {
    /// Servers that may legitimately have no domain: still building, or whose boot failed.
    static let statesWithoutDomain: Set<VMState> = [.building, .error, .deleted]

    func guestFindings() -> [Finding] {
        guard let reading = snapshot.guests.value else { return [] }
        var findings: [Finding] = []
        for (server, state) in snapshot.servers.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard reading.unreadable[server] == nil else { continue }
            if let domain = reading.domains[server] {
                findings += missingFromGuest(domain)
            } else if !Self.statesWithoutDomain.contains(state) {
                findings.append(Finding(
                    kind: .domainVanished, message: "server \(Self.name(server)) is \(state.rawValue) but the hypervisor has no domain for it",
                    server: server))
            }
        }
        for domain in reading.domains.keys.sorted(by: { $0.uuidString < $1.uuidString }) where !snapshot.serverExists(domain) {
            findings.append(Finding(
                kind: .domainWithoutServer, message: "the hypervisor has a domain for \(Self.name(domain)), which is no server of this service",
                server: domain))
        }
        for (domain, device) in holders.untracked {
            findings.append(Finding(
                kind: .untrackedDeviceInGuest,
                message: "the guest of \(Self.name(domain)) holds \(device), which the ledger does not track", server: domain))
        }
        return findings
    }

    /// The server's interfaces whose device its guest does not hold (in the live config of a
    /// running or paused domain, the persistent one otherwise). Detaches in progress are
    /// left to finish.
    private func missingFromGuest(_ domain: GuestDomain) -> [Finding] {
        var findings: [Finding] = []
        for interface in snapshot.interfaces where interface.serverID == domain.id {
            guard let slot = interface.pciSlot, let device = ledger[slot], device.instanceUUID == domain.id,
                  device.status != .detaching, inFlight(device: slot, servers: [domain.id], port: interface.portID) == nil,
                  let vnic = VNICType(rawValue: interface.vnicType),
                  let expected = try? GuestDeviceBuilder.device(vnicType: vnic, macAddress: interface.macAddress, vlan: interface.vlan, device: device)
            else { continue }
            if !domain.current.contains(where: { $0.device.isSameDevice(as: expected) }) {
                findings.append(Finding(
                    kind: .missingFromGuest,
                    message: "port \(interface.portID) of server \(Self.name(domain.id)) should hold \(expected), which its domain does not have",
                    device: slot, server: domain.id, port: interface.portID))
            }
        }
        return findings
    }
}
