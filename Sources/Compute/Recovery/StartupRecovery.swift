import Foundation
import Store

/// Takes up what a crash left in flight (DESIGN §2.3): every open journal row of this host is
/// held for the retries, and this host's servers still building end in ERROR. Another
/// host's rows and servers on the same database are that host's to recover. What drifted otherwise (a device whose
/// server is gone, a port bound behind the service's back) is the audit's, which the
/// service runs once recovery is done (`ComputeManager.auditAfterStartUp`).
public struct StartupRecovery: Sendable {
    public struct Report: Sendable, Hashable {
        /// Operations a restart cut short (journal rows left open): each device is held,
        /// quarantined, and the retries finish its release in the background.
        public var resumedOperations: [String] = []
        /// Servers a restart found still building: their boots ended in ERROR.
        public var interruptedBoots: [UUID] = []

        public init() {}
    }

    let manager: ComputeManager

    public init(manager: ComputeManager) {
        self.manager = manager
    }

    /// Asks neither the network nor the hypervisor about the operations in flight: when
    /// they cannot answer at start-up the service must still start. Their devices stay
    /// held (quarantined) and the retries, which the service starts next, finish each
    /// release through the same `ReleaseRunner` as everything else, once the parts answer.
    public func run() async throws -> Report {
        var report = Report()
        let host = manager.hostName
        let open = try await manager.database.read { db in try JournalRecords.open(host: host, in: db) }
        for entry in open {
            try await holdForRetry(entry)
            report.resumedOperations.append(entry.portID ?? entry.serverID.uuidString.lowercased())
        }
        try await failInterruptedBoots(&report)
        return report
    }

    /// The row becomes quarantined with its retry due now; the device it names stays the
    /// server's, quarantined, with the interface and request recorded as any quarantine
    /// records them. Nothing is freed here.
    private func holdForRetry(_ entry: JournalEntry) async throws {
        var held = entry
        let reason = "\(entry.kind.rawValue) interrupted by a restart of the compute service"
        held.state = .quarantined
        held.retry = .now(reason: reason)
        held.details["recovery"] = reason
        let row = held, plan = entry.plan
        // A delete's server row has no plan: its retry runs the whole release again.
        try await manager.tracker.update({ engine in try plan?.hold(in: &engine, reason: reason) }, record: { _, db in
            try plan?.recordHeld(in: db)
            try JournalRecords.save(row, in: db)
        })
    }

    /// A server still building when the service stopped will never be finished by the
    /// boot that ran it: once the attaches it had in flight are held (above), it ends in
    /// ERROR with what it holds released through the server release, and its create action's event says why.
    private func failInterruptedBoots(_ report: inout Report) async throws {
        let host = manager.hostName
        let building = try await manager.database.read { db in try ServerRecords.fetchAll(vmState: .building, host: host, in: db) }
        for server in building {
            _ = try await manager.failBuild(server.id, requestID: "req-recovery-" + UUID().uuidString.lowercased())
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
}
