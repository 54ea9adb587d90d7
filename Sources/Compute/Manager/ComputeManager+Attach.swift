import ComputeModel
import Foundation
import JSONModel
import Networking
import PCI
import Store

extension ComputeManager {
    /// The checks Nova's `allocate_for_instance` makes on the port (§5.3), then the saga.
    /// Called under the server's lock.
    func runAttach(portID: String, tag: String?, serverID: UUID, context: RequestContext) async throws(ComputeError) -> InterfaceAttachment {
        // Re-read under the lock: a concurrent operation may have changed the server.
        let server = try await visibleServer(serverID, context: context)
        do {
            try requireState(server, [.active, .paused, .stopped], operation: "attach_interface")
            let (port, vnicType, request) = try await prepareAttach(portID: portID, server: server)
            var runner = AttachRunner(manager: self, server: server, port: port, vnicType: vnicType, request: request, tag: tag, context: context)
            return try await runner.run()
        } catch {
            // Refusals before the saga still end the action's event (the saga ends its own).
            await finishEventIfOpen(server: serverID, requestID: context.requestID, error: error.message)
            throw error
        }
    }

    func prepareAttach(portID: String, server: Server) async throws(ComputeError) -> (NetworkPort, VNICType, PCIRequest) {
        // The flavor is read while the network answers.
        let flavorID = server.flavorID
        async let flavorRead = flavorResult(flavorID)
        let port: NetworkPort
        let network: Network
        do {
            port = try await self.network.port(id: portID)
            network = try await self.network.network(id: port.networkID)
        } catch {
            throw Self.mapNetworkError(error)
        }
        guard let vnicType = VNICType(rawValue: port.vnicType) else {
            throw .badRequest("Port \(portID) has an unknown binding:vnic_type '\(port.vnicType)'.")
        }
        if vnicType.isAccelerator { throw .badRequest("Feature not supported with Ports that have accelerators.") }
        guard port.projectID == server.projectID else {
            throw .badRequest("Port \(portID) not usable for instance \(server.id.uuidString.lowercased()).")
        }
        guard port.deviceID.isEmpty else { throw .conflict("Port \(portID) is still in use.") }
        let flavor = try await flavorRead.get()
        let context = PortPCIContext(
            portID: port.id, vnicType: vnicType, physicalNetwork: network.physicalNetwork, networkType: network.networkType,
            trusted: port.bindingProfile["trusted"].flatMap(Self.tagValue), portNUMAPolicy: port.numaAffinityPolicy,
            flavorNUMAPolicy: flavor?.extraSpecs["hw:pci_numa_affinity_policy"])
        let request: PCIRequest?
        do {
            request = try PCIRequest.forPort(context)
        } catch {
            throw .badRequest(error.description)
        }
        guard let request else {
            throw .badRequest("Port \(portID) has vnic_type \(vnicType.rawValue), which needs no PCI device; this compute service attaches SR-IOV ports only (direct, macvtap, direct-physical, vdpa, remote-managed).")
        }
        guard vnicType != .virtioForwarder else {
            throw .badRequest("vnic_type virtio-forwarder needs a vhost-user backend, which this compute service does not have.")
        }
        return (port, vnicType, request)
    }

    private func flavorResult(_ id: String) async -> Result<Flavor?, ComputeError> {
        do {
            return .success(try await read { db in try FlavorRecords.fetch(id, in: db) })
        } catch {
            return .failure(error)
        }
    }

    private func finishEventIfOpen(server: UUID, requestID: String, error: String) async {
        let open = try? await read { db in
            try InstanceActionRecords.fetch(serverID: server, requestID: requestID, action: "attach_interface", in: db)?
                .events.contains { $0.name == AttachRunner.eventName && $0.finishTime == nil }
        }
        if open == true {
            await finishEvent(AttachRunner.eventName, action: "attach_interface", server: server, requestID: requestID, error: error)
        }
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
