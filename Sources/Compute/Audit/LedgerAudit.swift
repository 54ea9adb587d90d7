import ComputeModel
import Foundation
import PCI

/// The audit's comparison, pure: the ledger against the domains, the host's devices and
/// the ports bound to this host, as one snapshot saw them. Each finding says what
/// disagrees and whether it can be healed. A heal is proposed only where it is provable:
/// every source it depends on was checked, and no operation is in flight on what it
/// touches (that operation will finish or undo it). Everything else is reported.
struct LedgerAudit {
    typealias Finding = AuditFinding

    let snapshot: AuditSnapshot
    let holders: DeviceHolders
    let ledger: [PCIAddress: PCIDevice]

    init(_ snapshot: AuditSnapshot) {
        self.snapshot = snapshot
        holders = DeviceHolders(snapshot)
        ledger = Dictionary(snapshot.ledger.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func findings() -> [Finding] {
        portFindings() + deviceFindings() + guestFindings() + hostFindings()
    }

    /// The sources that could not be checked, with why.
    var uncheckedSources: [AuditSource: String] {
        var sources: [AuditSource: String] = [:]
        if let problem = guestsProblem { sources[.hypervisor] = problem }
        sources[.host] = snapshot.host.problem
        sources[.network] = snapshot.boundPorts.problem
        return sources
    }

    /// Why the hypervisor's view is incomplete: it could not be read, or some domains'
    /// XML could not.
    var guestsProblem: String? {
        switch snapshot.guests {
        case .couldNotCheck(let problem): return problem
        case .read(let reading):
            guard !reading.unreadable.isEmpty else { return nil }
            return reading.unreadable.sorted { $0.key.uuidString < $1.key.uuidString }
                .map { "the XML of domain \($0.key.uuidString.lowercased()) could not be read: \($0.value)" }
                .joined(separator: "; ")
        }
    }

    /// The operation in flight on the device, any of the servers or the port, if any.
    func inFlight(device: PCIAddress? = nil, servers: [UUID] = [], port: String? = nil) -> InFlightOperation? {
        snapshot.inFlight.first { operation in
            (device != nil && operation.device == device) || servers.contains(operation.server)
                || (port != nil && operation.port == port)
        }
    }

    /// `.healable` unless something in flight touches what the heal would.
    func healOutcome(device: PCIAddress? = nil, servers: [UUID] = [], port: String? = nil) -> Finding.Outcome {
        inFlight(device: device, servers: servers, port: port).map { .withheld($0.summary) } ?? .healable
    }

    static func name(_ server: UUID) -> String { server.uuidString.lowercased() }
}
