import ComputeModel
import Foundation
import JSONModel
import NetworkModel
import PCI
import Store

extension ComputeManager {
    /// What an attach learns in its first transaction, under the server's lock.
    struct AttachStart: Sendable {
        var server: Server
        var flavor: Flavor?
        /// The ledger still has an interface for the port: a detach is finishing, or the
        /// port is attached (its binding may say otherwise for an instant).
        var portHasInterface: Bool
    }

    /// Under the server's lock: the server re-read and checked, the flavor and the port's
    /// interface row read — one statement (`ServerRecords.fetch(_:flavorAndInterfaceOf:in:)`).
    /// The action and its event are not written here: they go with the claim's transaction
    /// (`AttachRunner.claim`), or finished as `Error` with a refusal before it, so that an
    /// attach writes them without a statement of their own (on PostgreSQL each statement is
    /// a round trip). Its start time is taken here, when Nova records it (before the port
    /// checks, §9.5).
    ///
    /// The port and its network are read from the network while the server is read from
    /// the ledger (neither depends on the other; on a real Neutron the port's read is the
    /// longer): the checks still run in Nova's order, the server's first.
    func runAttach(_ request: AttachInterfaceRequest, serverID: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        let startTime = Date()
        async let fetchedPort = fetchPort(request.portID)
        let start = try await read { db in
            let found = try ServerRecords.fetch(serverID, flavorAndInterfaceOf: request.portID, in: db)
            let server = try Self.visible(found?.server, serverID, context: context)
            try Self.requireUnlocked(server, context: context)
            try Self.requireState(server, [.active, .paused, .stopped], operation: "attach_interface")
            return AttachStart(server: server, flavor: found?.flavor, portHasInterface: found?.interface != nil)
        }
        let prepared: (NetworkPort, VNICType, PCIRequest?)
        do throws(ComputeError) {
            guard let portID = request.portID else {
                throw ComputeError.attachWithoutPort(network: request.netID)
            }
            guard !start.portHasInterface else { throw ComputeError.portInUse(portID) }
            guard let (port, network) = try await fetchedPort?.get() else { throw ComputeError.attachWithoutPort(network: request.netID) }
            prepared = try checkAttach(port: port, network: network, server: start.server, flavor: start.flavor)
        } catch {
            // Refusals before the saga: the action with its event ended (the saga ends its own).
            await recordRefusedAttach(server: serverID, context: context, startTime: startTime, error: error.message)
            throw error
        }
        var runner = AttachRunner(manager: self, server: start.server, port: prepared.0, vnicType: prepared.1, request: prepared.2,
                                  tag: request.tag, context: context)
        runner.unrecordedActionStart = startTime
        return try await runner.run()
    }

    /// The attach's action, written with its event finished as `Error`: the attach failed
    /// before its claim wrote them. A failure to write is logged (history, not the ledger).
    func recordRefusedAttach(server: UUID, context: RequestContext, startTime: Date, error: String) async {
        let host = hostName
        do {
            try await database.write { db in
                try Self.recordAction("attach_interface", server: server, context: context, event: AttachRunner.eventName, host: host,
                                      startTime: startTime, failure: error, in: db)
            }
        } catch {
            logger.error("could not record the failed attach_interface of \(server): \(error)")
        }
    }

    /// The checks Nova's `allocate_for_instance` makes on the port (§5.3) and the PCI
    /// request it needs: none for a `normal` port, which claims no device.
    /// `createdForServer`: the boot created the port for this server, whose id its
    /// `device_id` already names.
    func prepareAttach(portID: String, server: Server, flavor: Flavor?, createdForServer: Bool = false) async throws(ComputeError) -> (NetworkPort, VNICType, PCIRequest?) {
        guard let (port, network) = try await fetchPort(portID)?.get() else { throw ComputeError.attachWithoutPort(network: nil) }
        return try checkAttach(port: port, network: network, server: server, flavor: flavor, createdForServer: createdForServer)
    }

    /// The port and its network as the network answers them (nil without a port); a
    /// failure as the API answers it.
    func fetchPort(_ portID: String?) async -> Result<(NetworkPort, Network), ComputeError>? {
        guard let portID else { return nil }
        do {
            return .success(try await network.portWithNetwork(id: portID))
        } catch {
            return .failure(Self.mapNetworkError(error))
        }
    }

    /// `prepareAttach`'s checks on a port already read.
    func checkAttach(port: NetworkPort, network: Network, server: Server, flavor: Flavor?, createdForServer: Bool = false) throws(ComputeError) -> (NetworkPort, VNICType, PCIRequest?) {
        let portID = port.id
        guard let vnicType = VNICType(rawValue: port.vnicType) else {
            throw .unknownVNICType(port: portID, vnicType: port.vnicType)
        }
        if vnicType.isAccelerator { throw .acceleratorPort }
        guard port.projectID == server.projectID else {
            throw .portNotUsable(port: portID, server: server.id)
        }
        guard port.deviceID.isEmpty || (createdForServer && port.deviceID == server.id.uuidString.lowercased()) else {
            throw .portInUse(portID)
        }
        // A port that asks for bandwidth would be attached with none reserved: refused,
        // never attached silently.
        guard port.resourceRequest.isEmpty else { throw .portWithResourceRequest(server: server.id) }
        let context = PortPCIContext(
            portID: port.id, vnicType: vnicType, physicalNetwork: network.physicalNetwork, networkType: network.networkType,
            trusted: port.bindingProfile["trusted"].flatMap(Self.tagValue), portNUMAPolicy: port.numaAffinityPolicy,
            flavorNUMAPolicy: flavor?.extraSpecs["hw:pci_numa_affinity_policy"])
        let request: PCIRequest?
        do {
            request = try PCIRequest.forPort(context)
        } catch {
            throw .invalidPCIRequest(error.description)
        }
        guard request != nil || vnicType == .normal else {
            throw .vnicTypeNeedsNoDevice(port: portID, vnicType: vnicType.rawValue)
        }
        guard vnicType != .virtioForwarder else {
            throw .vhostUserUnsupported
        }
        return (port, vnicType, request)
    }

    static func tagValue(_ json: JSONModel.JSON) -> TagValue? {
        switch json {
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .null: nil
        default: .string(json.rendered)
        }
    }
}
