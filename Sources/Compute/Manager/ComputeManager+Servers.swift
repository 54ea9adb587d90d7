import ComputeModel
import Foundation
import NetworkModel
import PCI
import PatternMatching
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

    /// Nova matches `name` as a regular expression anywhere in the name (`NameFilter`), with
    /// the caller's cancellation checked between servers.
    static func servers(_ servers: [Server], named name: String) throws(ComputeError) -> [Server] {
        let filter: NameFilter
        do {
            filter = try NameFilter(name)
        } catch {
            throw .nameFilterTooComplex(steps: error.steps, limit: error.limit)
        }
        var matching: [Server] = []
        for (index, server) in servers.enumerated() {
            if index % 32 == 0, Task.isCancelled { throw .cancelled }
            if filter.matches(server.name) { matching.append(server) }
        }
        return matching
    }

    public func server(id: UUID, context: RequestContext) async throws(ComputeError) -> Server {
        try await visibleServer(id, context: context)
    }

    /// From `serverOwners` once the server was read (a server's owner never changes), with
    /// the visibility of `server(id:)`: another project's server is not found.
    public func serverOwner(id: UUID, context: RequestContext) async throws(ComputeError) -> ServerOwner {
        let owner: ServerOwner
        if let known = serverOwners.owner(of: id) {
            owner = known
        } else {
            guard let server = try await read({ db in try ServerRecords.fetch(id, in: db) }) else { throw .serverNotFound(id) }
            owner = ServerOwner(server)
            serverOwners.keep(owner)
        }
        guard context.isAdmin || owner.projectID == context.projectID else { throw .serverNotFound(id) }
        return owner
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
    /// delete a restart cut short): `ServerReleaseMachine`. Runs under the server's lock.
    func release(serverID: UUID, keepServer: Bool = false, requestID: String) async throws(ComputeError) {
        try await ServerReleaseRunner(manager: self, serverID: serverID, keepServer: keepServer, requestID: requestID).run()
    }

    public func perform(_ action: ServerAction, on id: UUID, context: RequestContext) async throws(ComputeError) {
        switch action {
        case .suspend: return try await suspendOrResume(.suspend, server: id, context: context)
        case .resume: return try await suspendOrResume(.resume, server: id, context: context)
        case .rebuild(let request): return try await rebuild(id, request, context: context)
        default: break
        }
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
            throw .serverStateUnknown(id, cause: "\(error)")
        }
    }

    /// A server whose boot failed has no domain to act on (Nova would build one from the
    /// instance; this service boots a new server instead).
    func requireDomain(_ id: UUID, operation: String) async throws(ComputeError) {
        guard try await domainState(id) != nil else { throw .serverWithoutDomain(server: id, operation: operation) }
    }

    /// Nova's `is_expected_locked_by`, checked before the action is recorded as Nova's
    /// policy check is: lifting someone else's lock needs the admin-only override rule.
    static func requireUnlockAllowed(_ server: Server, context: RequestContext) throws(ComputeError) {
        if let lockedBy = server.lockedBy, lockedBy != LockedBy.caller(context, of: server), !context.isAdmin {
            throw .policyRefused(rule: "os_compute_api:os-lock-server:unlock:unlock_override")
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
                throw .serverWithoutDomain(server: id, operation: transition.operation)
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
            case .reboot(let hard): try await hypervisor.reboot(id, hard: hard)
            // Suspend, resume and rebuild hold devices across steps: their own machines.
            case .lock, .unlock, .suspend, .resume, .rebuild: break
            }
        } catch {
            throw .powerActionFailed(operation: transition.operation, server: id, cause: "\(error)")
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
        // Nova's ALLOW_SOFT_REBOOT and ALLOW_HARD_REBOOT.
        case .reboot(let hard):
            (from, to, eventName, operation) = (hard ? [.active, .stopped, .paused, .suspended, .error] : [.active], .active,
                                                "compute_reboot_instance", "reboot")
        case .suspend, .resume, .rebuild: preconditionFailure("\(action.actionName) runs through its own machine, not a transition")
        case .lock: (from, to, eventName, operation) = (nil, nil, nil, "lock")
        case .unlock: (from, to, eventName, operation) = (nil, nil, nil, "unlock")
        }
    }
}
