import Foundation
import PCI
import Virt

/// Who holds each device, source by source, from one snapshot (pure): the domains whose
/// live or persistent XML has it, and the ports bound to this host whose binding profile
/// names it. Guest devices are matched to the ledger as detach matches them: hostdevs by
/// PCI address, a macvtap by its VF's netdev, a vDPA interface by its vhost-vdpa device;
/// bridge interfaces (normal ports) hold none.
struct DeviceHolders {
    private(set) var guests: [PCIAddress: Set<UUID>] = [:]
    /// Guest devices that name no device of the ledger, per domain.
    private(set) var untracked: [(domain: UUID, device: GuestDevice)] = []
    private(set) var ports: [PCIAddress: [NetworkPort]] = [:]

    init(_ snapshot: AuditSnapshot) {
        var byNetdev: [String: PCIAddress] = [:]
        var byVDPA: [String: PCIAddress] = [:]
        for device in snapshot.ledger {
            if let name = device.netdevName { byNetdev[name] = device.address }
            if let path = GuestDeviceBuilder.vhostPath(ofVDPA: device.vdpaName) { byVDPA[path] = device.address }
        }
        let tracked = Set(snapshot.ledger.map(\.address))
        for domain in snapshot.guests.value?.domains.values.sorted(by: { $0.id.uuidString < $1.id.uuidString }) ?? [] {
            var seen = Set<GuestDevice>()
            for present in domain.live + domain.persistent where seen.insert(present.device).inserted {
                let address: PCIAddress?
                switch present.device {
                case .hostdevInterface(_, let tracked, _), .hostdevPCI(let tracked): address = tracked
                case .macvtap(_, let source, _): address = byNetdev[source]
                case .vdpa(_, let path): address = byVDPA[path]
                // A normal port's tap holds no PCI device: nothing for the ledger to track.
                case .bridge: continue
                }
                if let address, tracked.contains(address) {
                    guests[address, default: []].insert(domain.id)
                } else if !untracked.contains(where: { $0.domain == domain.id && $0.device.isSameDevice(as: present.device) }) {
                    untracked.append((domain.id, present.device))
                }
            }
        }
        for port in snapshot.boundPorts.value ?? [] {
            guard let slot = port.bindingProfile["pci_slot"]?.stringValue.flatMap(PCIAddress.init) else { continue }
            ports[slot, default: []].append(port)
        }
    }
}
