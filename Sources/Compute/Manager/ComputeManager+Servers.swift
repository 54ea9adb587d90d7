import ComputeModel
import Foundation
import Networking
import PatternMatching
import PCI
import Store
import Virt

extension ComputeManager {
    public func servers(matching filter: ServerFilter, context: RequestContext) async throws(ComputeError) -> [Server] {
        let everyProject = context.isAdmin && filter.allTenants
        let project: String? = everyProject ? filter.projectID : context.projectID
        var servers = try await read { db in try ServerRecords.fetchAll(projectID: project, in: db) }
        if let name = filter.name, !name.isEmpty {
            servers = try Self.servers(servers, named: name)
        }
        if let status = filter.status?.uppercased() {
            servers = servers.filter { $0.vmState.apiStatus == status }
        }
        return servers
    }

    /// Nova matches `name` as a regular expression anywhere in the name (`re.search`), with
    /// the time bounded by its database; here by a linear-time matcher (`LinearRegex`:
    /// program × name steps per server, where a backtracking engine took minutes on
    /// `(a+)+$`), by a program size a filter may have, and by the caller's cancellation,
    /// checked between servers. A pattern the matcher refuses (a syntax error, a
    /// backreference, a lookaround) is matched as text.
    static func servers(_ servers: [Server], named name: String) throws(ComputeError) -> [Server] {
        let regex = try? LinearRegex(name)
        if let regex, regex.programSize > maximumNameFilterProgram {
            throw .badRequest("The name filter is too complex: it compiles to \(regex.programSize) steps per character, more than \(maximumNameFilterProgram).")
        }
        var matching: [Server] = []
        for (index, server) in servers.enumerated() {
            if index % 32 == 0, Task.isCancelled { throw .cancelled }
            if regex.map({ $0.search(in: server.name) }) ?? server.name.contains(name) { matching.append(server) }
        }
        return matching
    }

    /// At most this many steps per character of each name: a 255-character name then costs
    /// about half a million steps, a few milliseconds (`(?:a?){9999}` would cost 5 million).
    static let maximumNameFilterProgram = 2_000

    public func server(id: UUID, context: RequestContext) async throws(ComputeError) -> Server {
        try await visibleServer(id, context: context)
    }

    public func addresses(of id: UUID, context: RequestContext) async throws(ComputeError) -> [String: [InterfaceAttachment.FixedIP]] {
        _ = try await visibleServer(id, context: context)
        let vifs = try await read { db in try VIFRecords.fetchAll(serverID: id, in: db) }
        var addresses: [String: [InterfaceAttachment.FixedIP]] = [:]
        for vif in vifs {
            guard let port = try? await network.port(id: vif.portID), let net = try? await network.network(id: port.networkID) else { continue }
            addresses[net.name, default: []] += port.fixedIPs.map { .init(ipAddress: $0.ipAddress, subnetID: $0.subnetID) }
        }
        return addresses
    }

    public func deleteServer(id: UUID, context: RequestContext) async throws(ComputeError) {
        let server = try await visibleServer(id, context: context)
        try Self.requireUnlocked(server, context: context)
        try await recordAction("delete", server: id, context: context, event: "compute_terminate_instance")
        let result = await serverLocks.withLock(id) { await Self.outcome { try await self.release(serverID: id, requestID: context.requestID) } }.error
        await finishEvent("compute_terminate_instance", action: "delete", server: id, requestID: context.requestID, error: result?.message)
        if let result { throw result }
    }

    /// Everything a server holds goes back through one path (delete, failed boot, and a
    /// delete a restart cut short): the domain, then each port through the one release
    /// (`ReleaseRunner`; the guest went with the domain), then the rows. A journal row for
    /// the server is written before the domain goes, and one per port before its unbind.
    ///
    /// A device goes back to the pool only once its port is unbound: a port the network
    /// would not unbind still names its slot, so that device stays the server's,
    /// quarantined with a retry scheduled, the server stays (in ERROR), and the delete
    /// answers so; a later delete finishes once the retry has.
    func release(serverID: UUID, keepServer: Bool = false, requestID: String) async throws(ComputeError) {
        var row = JournalEntry(kind: .delete, serverID: serverID, portID: nil, step: "undefining",
                               details: keepServer ? ["keep_server": "true"] : [:], requestID: requestID)
        try await write { [row] db in try JournalRecords.save(row, in: db) }
        Failpoints.reach("delete.after_journal")
        do {
            try await hypervisor.undefine(serverID)
        } catch .domainNotFound {
            // Already gone (a failed boot, or removed behind our back).
        } catch {
            row.state = .failed
            row.details["reason"] = "the domain could not be destroyed: \(error)"
            try? await write { [row] db in try JournalRecords.save(row, in: db) }
            throw .internalError("Failed to destroy the domain of \(serverID.uuidString.lowercased()).", cause: "\(error)")
        }
        Failpoints.reach("delete.after_undefine")
        let vifs = try await read { db in try VIFRecords.fetchAll(serverID: serverID, in: db) }
        var kept: [(port: String, reason: String)] = []
        for vif in vifs {
            let plan = ReleasePlan(interface: vif, request: nil, guestMayHoldDevice: false, portMayBeBound: true)
            let portRow = JournalEntry(kind: .delete, serverID: serverID, portID: vif.portID, step: "releasing",
                                       details: ["pci_slot": vif.pciSlot?.description ?? ""], requestID: requestID, plan: plan)
            try await write { db in
                try JournalRecords.supersede(portID: vif.portID, serverID: serverID, by: requestID, in: db)
                try JournalRecords.save(portRow, in: db)
            }
            let outcome = await ReleaseRunner(manager: self, journal: portRow, purpose: .undo, failpoints: "delete").run(plan)
            if let reason = outcome.failureReason { kept.append((vif.portID, reason)) }
        }
        row.step = "removing"
        guard kept.isEmpty else {
            row.state = .failed
            row.details["reason"] = "ports kept: " + kept.map { "\($0.port): \($0.reason)" }.joined(separator: "; ")
            try await write { [row] db in
                try JournalRecords.save(row, in: db)
                try ServerRecords.setVMState(.error, of: serverID, in: db)
            }
            logger.error("release of \(serverID) kept the devices of ports \(kept.map(\.port)): they stay quarantined until their release is confirmed")
            let ports = kept.map(\.port).joined(separator: ", ")
            throw .internalError(
                "The network did not unbind port(s) \(ports) of \(serverID.uuidString.lowercased()): the server stays, in ERROR, with their devices until a delete can unbind them.",
                kind: "PortUpdateFailed", cause: kept.map { "\($0.port): \($0.reason)" }.joined(separator: "; "))
        }
        row.state = .done
        do {
            _ = try await tracker.update({ engine in engine.freeAll(ownedBy: serverID) }, record: { [row] _, db in
                if keepServer {
                    for request in try PCIRequestRecords.fetchAll(serverID: serverID, in: db) {
                        try PCIRequestRecords.delete(request.requestID, in: db)
                    }
                } else {
                    try ServerRecords.delete(serverID, in: db)
                }
                try JournalRecords.save(row, in: db)
            })
        } catch {
            throw .internalError("Failed to release the devices of \(serverID.uuidString.lowercased()).", cause: "\(error)")
        }
        Failpoints.reach("delete.after_remove")
    }

    public func perform(_ action: ServerAction, on id: UUID, context: RequestContext) async throws(ComputeError) {
        let server = try await visibleServer(id, context: context)
        switch action {
        case .lock: break
        case .unlock: try Self.requireUnlockAllowed(server, context: context)
        default: try Self.requireUnlocked(server, context: context)
        }
        let transition = ServerTransition(action)
        try await recordAction(action.actionName, server: id, context: context, event: transition.eventName)
        let outcome = await serverLocks.withLock(id) { await Self.outcome { try await self.apply(transition, to: id, context: context) } }.error
        if let name = transition.eventName {
            await finishEvent(name, action: action.actionName, server: id, requestID: context.requestID, error: outcome?.message)
        }
        if let outcome { throw outcome }
    }

    /// The state of the server's domain; nil when it has none.
    private func domainState(_ id: UUID) async throws(ComputeError) -> DomainState? {
        do {
            return try await hypervisor.state(of: id)
        } catch .domainNotFound {
            return nil
        } catch {
            throw .internalError("The hypervisor could not tell the state of \(id.uuidString.lowercased()).", cause: "\(error)")
        }
    }

    /// Nova's `is_expected_locked_by`, checked before the action is recorded as Nova's
    /// policy check is: lifting someone else's lock needs the admin-only override rule.
    static func requireUnlockAllowed(_ server: Server, context: RequestContext) throws(ComputeError) {
        if let lockedBy = server.lockedBy, lockedBy != LockedBy.caller(context, of: server), !context.isAdmin {
            throw .forbidden("Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.")
        }
    }

    private func apply(_ transition: ServerTransition, to id: UUID, context: RequestContext) async throws(ComputeError) {
        var server = try await visibleServer(id, context: context)
        if let allowed = transition.from {
            try Self.requireState(server, allowed, operation: transition.operation)
        }
        var domain: DomainState?
        if transition.needsDomain {
            // A server whose boot failed has no domain to power on or off (Nova would
            // rebuild one from the instance; this service boots a new server instead).
            guard let state = try await domainState(id) else {
                throw .conflict("Cannot '\(transition.operation)' instance \(id.uuidString.lowercased()): it has no domain, its boot failed")
            }
            domain = state
        }
        do {
            switch transition.action {
            case .stop:
                // Powering off a guest that does not run is a no-op, as Nova's power-off is.
                if domain?.isLive == true { try await hypervisor.stop(id) }
            case .start: try await hypervisor.start(id)
            case .pause: try await hypervisor.pause(id)
            case .unpause: try await hypervisor.unpause(id)
            case .suspend: try await hypervisor.suspend(id)
            case .resume: try await hypervisor.resume(id)
            case .lock, .unlock: break
            }
        } catch {
            throw .internalError("The hypervisor refused '\(transition.operation)' for \(id.uuidString.lowercased()).", cause: "\(error)")
        }
        switch transition.action {
        case .lock(let reason):
            // Nova's `lock`: an owner does not relock (nor take over an admin's lock).
            let by = LockedBy.caller(context, of: server)
            if server.locked && by == .owner { return }
            server.locked = true
            server.lockedReason = reason
            server.lockedBy = by
        case .unlock:
            try Self.requireUnlockAllowed(server, context: context)
            server.locked = false
            server.lockedReason = nil
            server.lockedBy = nil
        default:
            if let to = transition.to { server.vmState = to }
        }
        server.updatedAt = Date()
        let updated = server
        try await write { db in try ServerRecords.update(updated, in: db) }
    }
}

/// Which vm_states an action starts from and ends in, and the event Nova records.
struct ServerTransition {
    let action: ServerAction
    let from: Set<VMState>?
    let to: VMState?
    let eventName: String?
    let operation: String

    /// Actions that need the server's domain (all but lock and unlock).
    var needsDomain: Bool {
        switch action {
        case .lock, .unlock: false
        default: true
        }
    }

    init(_ action: ServerAction) {
        self.action = action
        switch action {
        case .stop: (from, to, eventName, operation) = ([.active, .paused, .error], .stopped, "compute_stop_instance", "stop")
        case .start: (from, to, eventName, operation) = ([.stopped], .active, "compute_start_instance", "start")
        case .pause: (from, to, eventName, operation) = ([.active], .paused, "compute_pause_instance", "pause")
        case .unpause: (from, to, eventName, operation) = ([.paused], .active, "compute_unpause_instance", "unpause")
        case .suspend: (from, to, eventName, operation) = ([.active, .paused], .suspended, "compute_suspend_instance", "suspend")
        case .resume: (from, to, eventName, operation) = ([.suspended], .active, "compute_resume_instance", "resume")
        case .lock: (from, to, eventName, operation) = (nil, nil, nil, "lock")
        case .unlock: (from, to, eventName, operation) = (nil, nil, nil, "unlock")
        }
    }
}
