import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store
import Virt

/// The audit's I/O: reads every source `LedgerAudit` compares. A source that fails to
/// answer is recorded as not checked, with the error; it is never read as holding nothing.
struct AuditGatherer: Sendable {
    /// Where the host's devices come from: a fresh scan, or a list already scanned (the
    /// start-up audit runs right after the scan that built the ledger).
    enum HostDevices: Sendable {
        case rescan
        case known([PCIDevice])
        /// Not read: the caller needs only the guests and the ports.
        case unread
    }

    let manager: ComputeManager
    let hostDevices: HostDevices

    /// Fails only when the ledger's own rows cannot be read: then there is nothing to compare.
    func snapshot() async -> Result<AuditSnapshot, ComputeError> {
        let ledger = await manager.tracker.devices
        let rows: (servers: [UUID: VMState], interfaces: [VirtualInterface], journal: [JournalEntry])
        let name = manager.hostName
        do {
            // This host's servers only: another host's server, interfaces and journal rows
            // name devices of that host, whose addresses may be the same as this one's.
            rows = try await manager.read { db in
                (try ServerRecords.states(host: name, in: db), try VIFRecords.fetchAll(host: name, in: db),
                 try JournalRecords.unfinished(host: name, in: db))
            }
        } catch {
            return .failure(error)
        }
        return .success(AuditSnapshot(
            hostName: manager.hostName, ledger: ledger, servers: rows.servers, interfaces: rows.interfaces,
            inFlight: rows.journal.map(InFlightOperation.init), guests: await guests(), host: host(ledger: ledger),
            boundPorts: await boundPorts()))
    }

    /// Every domain's devices, live and persistent.
    private func guests() async -> SourceReading<GuestReading> {
        let hypervisor = manager.hypervisor
        let ids: [UUID]
        do {
            ids = try await hypervisor.domains()
        } catch {
            return .couldNotCheck("the hypervisor could not list its domains: \(error)")
        }
        var reading = GuestReading()
        for id in ids {
            do {
                let state = try await hypervisor.state(of: id)
                let persistent = try DeviceLocator.devices(inDomainXML: try await hypervisor.domainXML(of: id, live: false))
                // A suspended domain's saved image holds what its guest held.
                let live = state == .shutoff ? [] : try DeviceLocator.devices(inDomainXML: try await hypervisor.domainXML(of: id, live: true))
                reading.domains[id] = GuestDomain(id: id, state: state, live: live, persistent: persistent)
            } catch .domainNotFound {
                // Undefined since the listing: it holds nothing any more.
                continue
            } catch {
                reading.unreadable[id] = error.description
            }
        }
        return .read(reading)
    }

    /// The devices the device_spec selects on the host now. A scan that finds none of the
    /// devices the ledger tracks is taken for a wrong root rather than a host emptied.
    private func host(ledger: [PCIDevice]) -> SourceReading<[PCIDevice]> {
        let devices: [PCIDevice]
        switch hostDevices {
        case .known(let known):
            devices = known
        case .unread:
            return .couldNotCheck("not read")
        case .rescan:
            guard let rescan = manager.configuration.hostRescan else {
                return .couldNotCheck("no sysfs root is configured for rescans")
            }
            do {
                devices = try rescan.trackedDevices()
            } catch {
                return .couldNotCheck("the host could not be scanned at \(rescan.sysfsRoot): \(error)")
            }
            let tracked = ledger.filter { !$0.status.isGone }
            if devices.isEmpty, !tracked.isEmpty {
                return .couldNotCheck("the scan of \(rescan.sysfsRoot) found none of the \(tracked.count) devices the ledger tracks")
            }
        }
        return .read(devices)
    }

    private func boundPorts() async -> SourceReading<[NetworkPort]> {
        do {
            return .read(try await manager.network.ports(boundToHost: manager.hostName))
        } catch {
            return .couldNotCheck("the network could not list the ports bound to \(manager.hostName): \(error)")
        }
    }
}
