import ComputeModel
import Foundation
import PCI
import Store
import Virt

/// Everything the audit compares, as read at one moment (`AuditGatherer`): the ledger and
/// its rows, the operations in flight, and what the hypervisor, the host and the network
/// hold. The comparison itself (`LedgerAudit`) reads only this.
struct AuditSnapshot: Sendable {
    var hostName: String
    /// Every tracked device, with its status and owner.
    var ledger: [PCIDevice]
    /// Every server row and its vm_state.
    var servers: [UUID: VMState]
    var interfaces: [VirtualInterface]
    /// The journal's unfinished rows: the devices, servers and ports they touch are never
    /// healed (their operation or its retry will finish or undo them).
    var inFlight: [InFlightOperation]
    var guests: SourceReading<GuestReading>
    /// The devices the device_spec selects on the host now.
    var host: SourceReading<[PCIDevice]>
    /// The ports whose `binding:host_id` is this host.
    var boundPorts: SourceReading<[NetworkPort]>

    /// A server row that is not deleted.
    func serverExists(_ id: UUID) -> Bool {
        servers[id].map { $0 != .deleted } ?? false
    }
}

/// An unfinished journal row (in flight, or quarantined waiting for its retry), reduced to
/// what it touches: its operation, or its retry, will finish or undo that.
struct InFlightOperation: Sendable, Hashable {
    var id: UUID
    var kind: String
    var server: UUID
    var port: String?
    var device: PCIAddress?
    var isWaitingForRetry: Bool

    init(_ entry: JournalEntry) {
        id = entry.id
        kind = entry.kind.rawValue
        server = entry.serverID
        port = entry.portID
        device = entry.plan?.slot ?? entry.details["pci_slot"].flatMap(PCIAddress.init)
        isWaitingForRetry = entry.state == .quarantined
    }

    var summary: String {
        let row = "\(kind) journal entry \(id.uuidString.lowercased())"
        return isWaitingForRetry ? "its release waits for a retry (quarantined \(row))" : "an operation is in flight (open \(row))"
    }
}

/// The domains the hypervisor has, each with the SR-IOV-style devices of its XML.
struct GuestReading: Sendable {
    var domains: [UUID: GuestDomain] = [:]
    /// Domains listed whose XML could not be read, with why: whatever they hold is unknown.
    var unreadable: [UUID: String] = [:]
}

/// One domain's devices, in its persistent XML and (unless it is shut off) its live one.
struct GuestDomain: Sendable {
    var id: UUID
    var state: DomainState
    var live: [DomainDevice]
    var persistent: [DomainDevice]

    /// What the guest holds now: the live config of a running or paused domain, the
    /// persistent one otherwise.
    var current: [DomainDevice] { state.isLive ? live : persistent }
}
