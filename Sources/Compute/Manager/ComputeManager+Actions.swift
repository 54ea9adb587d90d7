import ComputeModel
import Foundation
import Store

/// `os-instance-actions` and the admin PCI inventory.
extension ComputeManager {
    public func instanceActions(of server: UUID, context: RequestContext) async throws(ComputeError) -> [InstanceAction] {
        try await requireVisibleHistory(server, context: context)
        return try await read { db in try InstanceActionRecords.fetchAll(serverID: server, in: db) }
    }

    public func instanceAction(_ requestID: String, of server: UUID, context: RequestContext) async throws(ComputeError) -> InstanceAction {
        try await requireVisibleHistory(server, context: context)
        let actions = try await read { db in try InstanceActionRecords.fetchAll(serverID: server, in: db) }
        // One request records one action; the oldest is the one the request was about.
        guard let action = actions.last(where: { $0.requestID == requestID }) else {
            throw .actionNotFound(requestID: requestID)
        }
        return action
    }

    /// Actions outlive deleted servers (as Nova's soft-deleted ones); their project is
    /// read from the actions themselves.
    private func requireVisibleHistory(_ server: UUID, context: RequestContext) async throws(ComputeError) {
        if (try? await visibleServer(server, context: context)) != nil { return }
        let actions = try await read { db in try InstanceActionRecords.fetchAll(serverID: server, in: db) }
        guard let first = actions.first, context.isAdmin || first.projectID == context.projectID else {
            throw .serverNotFound(server)
        }
    }

    public func pciDevices(context: RequestContext) async throws(ComputeError) -> [PCIDeviceListing] {
        try requireAdmin(context, "os_compute_api:os-pci-devices:list")
        let host = hostName
        return await tracker.devices.map { PCIDeviceListing(host: host, device: $0) }
    }
}
