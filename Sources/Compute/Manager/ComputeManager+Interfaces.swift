import ComputeModel
import Foundation
import Networking
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
            throw .notFound("Instance \(server.uuidString.lowercased()) does not have a port with id \(portID)")
        }
        let vif = try await read { db in try VIFRecords.fetch(portID: portID, in: db) }
        return Self.attachment(for: port, tag: vif?.tag)
    }

    public func attachInterface(
        _ request: AttachInterfaceRequest, to serverID: UUID, context: RequestContext
    ) async throws(ComputeError) -> InterfaceAttachment {
        let server = try await visibleServer(serverID, context: context)
        try requireUnlocked(server, context: context)
        try requireState(server, [.active, .paused, .stopped], operation: "attach_interface")
        // Recorded before the port checks, as Nova records it (§9.5), with its event.
        try await recordAction("attach_interface", server: serverID, context: context, event: AttachRunner.eventName)
        guard let portID = request.portID else {
            throw .badRequest(request.netID == nil
                ? "No specific port was requested: attach an existing port with port_id (this service does not create ports)."
                : "Attaching by network is not supported: create a port on network \(request.netID!) and attach it with port_id.")
        }
        let result: Result<InterfaceAttachment, ComputeError> = await serverLocks.withLock(serverID) {
            do {
                return .success(try await self.runAttach(portID: portID, tag: request.tag, serverID: serverID, context: context))
            } catch let error as ComputeError {
                return .failure(error)
            } catch {
                return .failure(.internalError("\(error)"))
            }
        }
        return try result.get()
    }

    public func detachInterface(_ portID: String, from serverID: UUID, context: RequestContext) async throws(ComputeError) {
        let server = try await visibleServer(serverID, context: context)
        try requireUnlocked(server, context: context)
        try requireState(server, [.active, .paused, .stopped], operation: "detach_interface")
        let vif = try await read { db in try VIFRecords.fetch(portID: portID, in: db) }
        // Nova answers 202 and fails later; the answer is known now, so say it (DESIGN §5).
        guard let vif, vif.serverID == serverID else {
            throw .notFound("Port \(portID) is not attached to instance \(serverID.uuidString.lowercased())")
        }
        if let type = VNICType(rawValue: vif.vnicType), type.isAccelerator {
            throw .badRequest("Feature not supported with Ports that have accelerators.")
        }
        try await recordAction("detach_interface", server: serverID, context: context, event: DetachRunner.eventName)
        let runner = DetachRunner(manager: self, serverID: serverID, portID: portID, requestID: context.requestID)
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
        case .portNotFound(let id): .notFound("Port \(id) could not be found.")
        case .networkNotFound(let id): .notFound("Network \(id) could not be found.")
        case .conflict(let message): .conflict(message)
        case .badRequest(let message): .badRequest(message)
        case .unavailable(let message): .internalError("The network service is unavailable: \(message)", kind: "NeutronClientException")
        // What Nova's keystoneauth session raises when Neutron does not answer in time or
        // cannot be reached; Nova lets both through as unexpected errors (500).
        case .timedOut(let message): .internalError(message, kind: "keystoneauth1.exceptions.connection.ConnectTimeout")
        case .unreachable(let message): .internalError(message, kind: "keystoneauth1.exceptions.connection.ConnectFailure")
        }
    }
}
