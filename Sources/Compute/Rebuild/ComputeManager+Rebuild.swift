import ComputeModel
import Foundation
import Store
import Virt

extension ComputeManager {
    static let rebuildEvent = "compute_rebuild_instance"

    /// Nova's rebuild: the guest recreated from an image, with the ports it had. The claims
    /// never move: the devices stay the server's in the ledger, in the domain's persistent
    /// configuration (which the recreated guest boots with) and in the bindings. Nova's
    /// checks first (the lock, the vm_state: ACTIVE, SHUTOFF or ERROR; the image), then, in
    /// one transaction, the action with its event, the task state `rebuilding` and the
    /// journal row; then the hypervisor's rebuild; then the server's image, name and
    /// metadata, its vm_state (SHUTOFF stays SHUTOFF, as Nova powers a stopped server off
    /// again; ERROR becomes ACTIVE) and the row closed, in one transaction. A guest that
    /// cannot be recreated leaves the server in ERROR, as Nova's rebuild does, its devices
    /// still its own and in its configuration. A server whose boot failed has no domain to
    /// rebuild (Nova would spawn one): 409, as the power actions answer.
    func rebuild(_ id: UUID, _ request: RebuildRequest, context: RequestContext) async throws(ComputeError) {
        let server = try await visibleServer(id, context: context)
        try Self.requireUnlocked(server, context: context)
        guard configuration.images.contains(where: { $0.id == request.imageID }) else { throw .rebuildImageNotFound(request.imageID) }
        let host = hostName
        let failure = await serverLocks.withLock(id) {
            await Self.outcome { () async throws -> String? in
                try await self.requireDomain(id, operation: "rebuild")
                let journal = try await self.write { db in
                    guard var server = try ServerRecords.fetch(id, in: db) else { throw ComputeError.serverNotFound(id) }
                    try Self.requireState(server, [.active, .stopped, .error], operation: "rebuild")
                    try Self.recordAction("rebuild", server: id, context: context, event: Self.rebuildEvent, host: host, in: db)
                    var details = ["image": request.imageID, "from_state": server.vmState.rawValue]
                    if let name = request.name { details["name"] = name }
                    let journal = JournalEntry(kind: .rebuild, serverID: id, portID: nil, step: "rebuilding", details: details,
                                               requestID: context.requestID)
                    server.taskState = "rebuilding"
                    try ServerRecords.update(server, in: db)
                    try JournalRecords.save(journal, in: db)
                    return journal
                }
                return await self.runRebuild(journal, metadata: request.metadata)
            }
        }
        switch failure {
        case .failure(let error): throw error
        case .success(let reason?): throw .powerActionFailed(operation: "rebuild", server: id, cause: reason)
        case .success(nil): return
        }
    }

    /// The hypervisor's rebuild and the commit, from the journal row (a restart runs it
    /// again: recreating the guest from the image once more is what was asked). Nil on
    /// success, the reason otherwise. Runs under the server's lock.
    func runRebuild(_ journal: JournalEntry, metadata: [String: String]?) async -> String? {
        let id = journal.serverID
        let log = logger.operation(request: journal.requestID, server: id, port: nil)
        let from = journal.details["from_state"].flatMap(VMState.init(rawValue:)) ?? .active
        var failure: String?
        do {
            guard let image = journal.details["image"], let stored = try await read({ db in try ServerRecords.fetch(id, in: db) }),
                  let flavor = try await read({ db in try FlavorRecords.fetch(stored.flavorID, in: db) })
            else { throw ComputeError.inconsistent("the server, its flavor or the rebuild's image is gone") }
            var server = stored
            server.imageID = image
            if Failpoints.failsHere("rebuild.guest") { throw HypervisorError.operationFailed("failpoint rebuild.guest") }
            try await hypervisor.rebuild(BootRunner.domainDefinition(of: server, flavor: flavor))
            Failpoints.reach("rebuild.after_guest")
            // Nova powers a server that was stopped off again.
            if from == .stopped { try await hypervisor.stop(id) }
        } catch {
            failure = "the guest could not be rebuilt: \(error)"
        }
        var closed = journal
        closed.state = failure == nil ? .done : .failed
        closed.step = "committed"
        closed.retry = nil
        if let failure { closed.details["reason"] = failure }
        let row = closed, ended = failure
        do {
            try await write { db in
                if var server = try ServerRecords.fetch(id, in: db) {
                    if ended == nil {
                        server.imageID = row.details["image"]
                        if let name = row.details["name"] { server.name = name }
                        if let metadata { server.metadata = metadata }
                        server.vmState = from == .stopped ? .stopped : .active
                    } else {
                        server.vmState = .error
                    }
                    server.taskState = nil
                    server.updatedAt = Date()
                    try ServerRecords.update(server, in: db)
                }
                try JournalRecords.save(row, in: db)
                try? InstanceActionRecords.finishEvent(Self.rebuildEvent, serverID: id, requestID: row.requestID, action: "rebuild",
                                                       error: ended, in: db)
            }
            Failpoints.reach("rebuild.after_commit")
        } catch {
            log.error("the rebuild ended but could not be recorded; a restart runs it again: \(error)")
            return "the rebuild could not be recorded: \(error.message)"
        }
        if let failure { log.warning("rebuild failed: \(failure)") } else { log.info("rebuilt from image \(row.details["image"] ?? "?")") }
        return failure
    }
}
