import Foundation
import PCI
import Store

/// The ledger's consistency rules, checked against the database and the tracker's memory:
/// what every functional test asserts after it runs, and what the audit reports. One
/// host's: its devices against its servers, their interfaces and PCI requests (on a
/// shared database the other hosts' rows are theirs to check).
public enum LedgerInvariants {
    /// Every rule broken, as sentences; empty when the ledger is exact.
    public static func violations(tracker: ResourceTracker, database: any ComputeStore) async throws -> [String] {
        let memory = await tracker.devices
        let host = tracker.hostName
        // The interfaces and PCI requests of this host's servers: another host's point at
        // that host's devices (several hosts on one database).
        let (stored, servers, vifs, requests) = try await database.read { db in
            (try PCIDeviceRecords.fetchAll(host: host, in: db), Set(try ServerRecords.fetchAll(host: host, in: db).map(\.id)),
             try VIFRecords.fetchAll(host: host, in: db), try PCIRequestRecords.fetchAll(host: host, in: db))
        }
        var problems: [String] = []
        if stored != memory {
            let differing = zip(stored, memory).filter { $0 != $1 }.map { $0.0.address.description }
            problems.append("ledger in memory differs from the database (\(stored.count) vs \(memory.count) rows; differing: \(differing.prefix(5)))")
        }
        let vifBySlot = Dictionary(grouping: vifs.filter { $0.pciSlot != nil }, by: { $0.pciSlot! })
        let requestIDs = Dictionary(grouping: requests, by: { $0.request.requestID })
        let byAddress = Dictionary(uniqueKeysWithValues: memory.map { ($0.address, $0) })
        let childrenByParent = Dictionary(grouping: memory.filter { $0.type.isChildFunction && $0.status != .removed && $0.parentAddress != nil },
                                          by: { $0.parentAddress! })

        for device in memory {
            let name = "\(device.type.rawValue) \(device.address) (\(device.status.rawValue))"
            switch device.status {
            case .claimed:
                problems.append("\(name) is claimed at rest: every claim must end allocated or freed")
            case .allocated, .detaching, .quarantined:
                guard let owner = device.instanceUUID else {
                    problems.append("\(name) has no owner")
                    continue
                }
                if !servers.contains(owner) { problems.append("\(name) is owned by \(owner), which does not exist") }
                let owningVIFs = vifBySlot[device.address] ?? []
                if device.status == .quarantined, device.requestID == nil {
                    // Found in a guest by the audit: no port asked for it, so no interface
                    // or PCI request gives it to its server.
                    if !owningVIFs.isEmpty { problems.append("\(name) was found in a guest, yet VIFs \(owningVIFs.map(\.portID)) name it") }
                } else {
                    if owningVIFs.count != 1 || owningVIFs.first?.serverID != owner {
                        problems.append("\(name) must have exactly one VIF of its owner, has \(owningVIFs.map(\.portID))")
                    }
                    let requests = device.requestID.flatMap { requestIDs[$0] } ?? []
                    if requests.count != 1 || requests.first?.serverID != owner {
                        problems.append("\(name) must have exactly one PCI request of its owner")
                    }
                }
            case .available, .unclaimable, .unavailable, .removed, .deleted:
                if device.instanceUUID != nil { problems.append("\(name) has an owner") }
                if vifBySlot[device.address] != nil { problems.append("\(name) is referenced by a VIF") }
            }
            problems += dependencyViolations(device, children: childrenByParent[device.address] ?? [])
        }
        for vif in vifs {
            guard let slot = vif.pciSlot else { continue }
            guard let device = byAddress[slot], device.status.isOwned, device.instanceUUID == vif.serverID else {
                problems.append("VIF \(vif.portID) points at \(slot), which its server does not own")
                continue
            }
        }
        return problems
    }

    /// A PF with a used VF must be unclaimable/unavailable; a used PF's VFs likewise; a
    /// free PF has no used VF.
    private static func dependencyViolations(_ device: PCIDevice, children: [PCIDevice]) -> [String] {
        guard device.type == .physicalFunction else { return [] }
        let usedChildren = children.filter { $0.status.isOwned }
        var problems: [String] = []
        if !usedChildren.isEmpty, ![.unclaimable, .unavailable].contains(device.status) {
            problems.append("PF \(device.address) is \(device.status.rawValue) while VFs \(usedChildren.map(\.address.description)) are in use")
        }
        if device.status.isOwned {
            for child in children where ![.unclaimable, .unavailable].contains(child.status) {
                problems.append("VF \(child.address) is \(child.status.rawValue) while its PF is \(device.status.rawValue)")
            }
        }
        return problems
    }
}
