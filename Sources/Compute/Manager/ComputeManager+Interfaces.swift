import ComputeModel
import Foundation
import NetworkModel
import PCI
import Store

extension ComputeManager {
    public func interfaces(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InterfaceAttachment] {
        _ = try await visibleServer(server, context: context)
        let vifs = try await read { db in try VIFRecords.fetchAll(serverID: server, in: db) }
        let tags = Dictionary(vifs.map { ($0.portID, $0.tag) }, uniquingKeysWith: { first, _ in first })
        let ports: [NetworkPort]
        do {
            ports = try await network.ports(deviceID: server.uuidString.lowercased())
        } catch {
            throw Self.mapNetworkError(error)
        }
        return ports.map { Self.attachment(for: $0, tag: tags[$0.id] ?? nil) }
    }

    public func interface(_ portID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        _ = try await visibleServer(server, context: context)
        let port: NetworkPort
        do {
            port = try await network.port(id: portID)
        } catch {
            throw Self.mapNetworkError(error)
        }
        guard port.deviceID.lowercased() == server.uuidString.lowercased() else {
            throw .interfaceNotFound(port: portID, server: server)
        }
        let vif = try await read { db in try VIFRecords.fetch(portID: portID, in: db) }
        return Self.attachment(for: port, tag: vif?.tag)
    }

    public func attachInterface(
        _ request: AttachInterfaceRequest, to serverID: UUID, context: RequestContext
    ) async throws(ComputeError) -> InterfaceAttachment {
        // The attach's share spent in the database, for the metrics (issue 12's cluster bench).
        let databaseTime = DatabaseTime()
        let started = ContinuousClock.now
        let result = await DatabaseTime.$current.withValue(databaseTime) {
            await serverLocks.withLock(serverID) {
                await self.holdingPort(request.portID) {
                    await Self.outcome { try await self.runAttach(request, serverID: serverID, context: context) }
                }
            }
        }
        configuration.metrics.spentInDatabase(.attach, database: databaseTime.total, total: .now - started)
        return try result.get()
    }

    /// Runs `body` holding the port's lock (when there is a port): its checks, claim, bind
    /// and commit see no other attach of the port half-way.
    func holdingPort<T: Sendable>(_ portID: String?, _ body: @Sendable () async -> T) async -> T {
        guard let portID else { return await body() }
        return await portLocks.withLock(portID) { await body() }
    }

    /// Checks, the interface row and the action with its event in one transaction (the
    /// server and the interface row read in one statement); the detach itself runs after
    /// the 202.
    public func detachInterface(_ portID: String, from serverID: UUID, context: RequestContext) async throws(ComputeError) {
        let host = hostName
        let vif = try await write { db in
            let found = try ServerRecords.fetch(serverID, interfaceOf: portID, in: db)
            let server = try Self.visible(found?.server, serverID, context: context)
            try Self.requireUnlocked(server, context: context)
            try Self.requireState(server, [.active, .paused, .stopped], operation: "detach_interface")
            // Nova answers 202 and fails later; the answer is known now, so say it (DESIGN §5).
            guard let vif = found?.interface, vif.serverID == serverID else {
                throw ComputeError.portNotAttached(port: portID, server: serverID)
            }
            if let type = VNICType(rawValue: vif.vnicType), type.isAccelerator {
                throw ComputeError.acceleratorPort
            }
            try Self.recordAction("detach_interface", server: serverID, context: context, event: DetachRunner.eventName, host: host, in: db)
            return vif
        }
        let runner = DetachRunner(manager: self, serverID: serverID, portID: portID, requestID: context.requestID, vif: vif)
        await backgroundTasks.start { await runner.run() }
    }

    static func attachment(for port: NetworkPort, tag: String?) -> InterfaceAttachment {
        InterfaceAttachment(
            portID: port.id, netID: port.networkID, macAddress: port.macAddress, portState: port.status,
            fixedIPs: port.fixedIPs.map { InterfaceAttachment.FixedIP(ipAddress: $0.ipAddress, subnetID: $0.subnetID) },
            tag: tag)
    }

    static func mapNetworkError(_ error: NetworkError) -> ComputeError {
        switch error {
        case .portNotFound(let id): .portNotFound(id)
        case .networkNotFound(let id): .networkNotFound(id)
        case .conflict(let message): .networkConflict(message)
        case .badRequest(let message): .networkRefused(message)
        case .unavailable(let message): .networkUnavailable(message)
        case .timedOut(let message): .networkTimedOut(message)
        case .unreachable(let message): .networkUnreachable(message)
        }
    }
}
