import ComputeModel
import Foundation
import PCI
import Store

extension ComputeManager {
    /// `suspend` (ACTIVE → SUSPENDED) and `resume` (SUSPENDED → ACTIVE) through the
    /// `SuspendMachine`, under the server's lock. Nova's checks first (the lock, then the
    /// vm_state, before the action is recorded); then, in one transaction, the action with
    /// its event, the task state (`suspending`, `resuming`) and the journal row. A failure
    /// is answered as the hypervisor's refusal; the event and the server's state say how
    /// it ended.
    func suspendOrResume(_ operation: SuspendMachine.Operation, server id: UUID, context: RequestContext) async throws(ComputeError) {
        let server = try await visibleServer(id, context: context)
        try Self.requireUnlocked(server, context: context)
        let host = hostName
        let kind: JournalEntry.Kind = operation == .suspend ? .suspend : .resume
        let outcome = await serverLocks.withLock(id) {
            await Self.outcome {
                let (journal, passthrough) = try await self.write { db in
                    guard var server = try ServerRecords.fetch(id, in: db) else { throw ComputeError.serverNotFound(id) }
                    try Self.requireState(server, [operation == .suspend ? .active : .suspended], operation: operation.rawValue)
                    try Self.recordAction(operation.rawValue, server: id, context: context, event: SuspendRunner.eventName(operation),
                                          host: host, in: db)
                    server.taskState = operation == .suspend ? "suspending" : "resuming"
                    try ServerRecords.update(server, in: db)
                    let journal = JournalEntry(kind: kind, serverID: id, portID: nil, step: "starting", requestID: context.requestID)
                    try JournalRecords.save(journal, in: db)
                    return (journal, try Self.passthroughInterfaces(of: id, in: db))
                }
                var runner = SuspendRunner(manager: self, operation: operation, journal: journal)
                return await runner.run(passthrough: passthrough)
            }
        }
        switch outcome {
        case .failure(let error): throw error
        case .success(let ended):
            if let failure = ended.failure { throw .powerActionFailed(operation: operation.rawValue, server: id, cause: failure) }
        }
    }

    /// The interfaces whose device the guest holds itself (Nova's direct passthrough):
    /// a suspend takes them out, a resume plugs them back. Macvtap and normal ports stay.
    static func passthroughInterfaces(of server: UUID, in db: StoreTransaction) throws -> [VirtualInterface] {
        try VIFRecords.fetchAll(serverID: server, in: db).filter { vif in
            vif.pciSlot != nil && (VNICType(rawValue: vif.vnicType)?.isDirectPassthrough ?? false)
        }
    }
}
