import Foundation
import GRDB
import Logging
import Networking
import PCI
import Store
import Virt

/// Finishes or undoes what a crash left in flight (DESIGN §2.3), by looking at what the
/// hypervisor and the network actually hold, then frees what nobody can own any more.
public struct StartupRecovery: Sendable {
    public struct Report: Sendable, Hashable {
        public var rolledBackAttaches: [String] = []
        public var finishedDetaches: [String] = []
        public var restoredDetaches: [String] = []
        public var freedOrphans: [String] = []
        /// Servers a restart found still building: their boots ended in ERROR.
        public var interruptedBoots: [UUID] = []
        /// What the ledger and the hypervisor's domains disagree on, after the repairs above.
        public var domainFindings: [DomainFinding] = []

        public init() {}
    }

    let manager: ComputeManager

    public init(manager: ComputeManager) {
        self.manager = manager
    }

    public func run() async throws -> Report {
        var report = Report()
        let open = try await manager.database.read { db in try JournalRecords.open(in: db) }
        for entry in open {
            switch entry.kind {
            case .attach: try await rollBackAttach(entry, &report)
            case .detach: try await resolveDetach(entry, &report)
            }
        }
        try await failInterruptedBoots(&report)
        try await freeOrphans(&report)
        try await reconcileDomains(&report)
        return report
    }

    /// An attach without its commit is undone: device out of the guest, port unbound,
    /// claim freed.
    private func rollBackAttach(_ entry: JournalEntry, _ report: inout Report) async throws {
        let slot = entry.details["pci_slot"].flatMap(PCIAddress.init)
        if let slot, let device = await manager.tracker.device(at: slot),
           let vnic = entry.details["vnic_type"].flatMap(VNICType.init(rawValue:)), let mac = entry.details["mac"],
           let guest = try? GuestDeviceBuilder.device(vnicType: vnic, macAddress: mac, vlan: entry.details["vlan"].flatMap(Int.init), device: device),
           await isInDomain(guest, entry.serverID)
        {
            _ = try? await manager.hypervisor.detach(guest, from: entry.serverID, policy: manager.configuration.detachPolicy)
        }
        if let portID = entry.portID, let keys = entry.details["profile_keys"],
           let port = try? await manager.network.port(id: portID), port.deviceID == entry.serverID.uuidString.lowercased() {
            _ = try? await manager.network.unbindPort(portID, removingProfileKeys: keys.split(separator: ",").map(String.init))
        }
        var closed = entry
        closed.state = .rolledBack
        closed.details["recovery"] = "rolled back at start-up"
        let final = closed
        try await manager.tracker.update({ engine in
            if let slot, engine.device(at: slot)?.instanceUUID == entry.serverID, engine.device(at: slot)?.status == .claimed {
                try engine.free(slot, instance: entry.serverID)
            }
        }, record: { _, db in try JournalRecords.save(final, in: db) })
        report.rolledBackAttaches.append(entry.portID ?? entry.id.uuidString)
    }

    /// A detach cut short: if the guest no longer holds the device, finish it; otherwise
    /// the device is the server's again and the user may detach once more.
    private func resolveDetach(_ entry: JournalEntry, _ report: inout Report) async throws {
        guard let portID = entry.portID,
              let vif = try await manager.database.read({ db in try VIFRecords.fetch(portID: portID, in: db) })
        else {
            try await close(entry, state: .done, reason: "interface already gone")
            return
        }
        let device = await vif.pciSlot.asyncMap { await manager.tracker.device(at: $0) } ?? nil
        let guest = try? DetachRunner.guestDevice(for: vif, device: device)
        let stillThere = await guest.asyncMap { await isInDomain($0, vif.serverID) } ?? false
        var closed = entry
        closed.details["recovery"] = stillThere ? "device still in the guest: back to allocated" : "device released: detach finished"
        closed.state = stillThere ? .failed : .done
        let final = closed
        if !stillThere {
            _ = try? await manager.network.unbindPort(portID, removingProfileKeys: vif.profileKeys)
        }
        try await manager.tracker.update({ engine in
            guard let slot = vif.pciSlot, engine.device(at: slot)?.status == .detaching else { return }
            if stillThere {
                try engine.cancelDetach(slot, instance: vif.serverID)
            } else {
                try engine.free(slot, instance: vif.serverID)
            }
        }, record: { _, db in
            if !stillThere {
                if let request = vif.pciRequestID { try PCIRequestRecords.delete(request, in: db) }
                try VIFRecords.delete(portID: portID, in: db)
            }
            try JournalRecords.save(final, in: db)
        })
        if stillThere { report.restoredDetaches.append(portID) } else { report.finishedDetaches.append(portID) }
    }

    /// A server still building when the service stopped will never be finished by the
    /// boot that ran it: once the attaches it had in flight are undone (above), it ends
    /// in ERROR with what it holds released, and its create action's event says why.
    private func failInterruptedBoots(_ report: inout Report) async throws {
        let building = try await manager.database.read { db in try ServerRecords.fetchAll(vmState: .building, in: db) }
        for server in building {
            _ = try await manager.failBuild(server.id)
            try await manager.database.write { db in
                for action in try InstanceActionRecords.fetchAll(serverID: server.id, in: db) where action.action == "create" {
                    for event in action.events where event.name == ComputeManager.buildEvent && event.finishTime == nil {
                        try InstanceActionRecords.finishEvent(event.name, serverID: server.id, requestID: action.requestID, action: "create",
                                                              error: "the boot was interrupted by a restart of the compute service", in: db)
                    }
                }
            }
            report.interruptedBoots.append(server.id)
            manager.logger.warning("server \(server.id) was still building at start-up: its boot ended in ERROR")
        }
    }

    /// Devices owned by servers that no longer exist go back to the pools.
    private func freeOrphans(_ report: inout Report) async throws {
        let servers = Set(try await manager.database.read { db in try ServerRecords.fetchAll(in: db) }.map(\.id))
        let orphans = await manager.tracker.devices.filter { device in
            device.status.isOwned && device.instanceUUID.map { !servers.contains($0) } ?? false
        }
        for device in orphans {
            guard let owner = device.instanceUUID else { continue }
            try await manager.tracker.update({ engine in try engine.free(device.address, instance: owner) })
            report.freedOrphans.append(device.address.description)
            manager.logger.warning("freed \(device.address): its owner \(owner) no longer exists")
        }
    }

    /// In the live or the persistent config of the domain (false when the domain is gone).
    private func isInDomain(_ guest: GuestDevice, _ server: UUID) async -> Bool {
        if (try? await manager.hypervisor.contains(guest, in: server, live: true)) == true { return true }
        return (try? await manager.hypervisor.contains(guest, in: server, live: false)) == true
    }

    private func close(_ entry: JournalEntry, state: JournalEntry.State, reason: String) async throws {
        var closed = entry
        closed.state = state
        closed.details["recovery"] = reason
        let final = closed
        try await manager.database.write { db in try JournalRecords.save(final, in: db) }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
